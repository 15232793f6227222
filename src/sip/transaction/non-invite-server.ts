// RFC 3261 §17.2.2 non-INVITE server transaction. Pure state machine: responses leave through the
// TransactionContext.
import type { SipRequest, SipResponse } from '../message/message.ts';
import { NamedTimers } from './named-timers.ts';
import type { Resend, TransactionContext } from './transaction-context.ts';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export class NonInviteServerTransaction {
  #state: NonInviteServerState = 'trying';
  readonly #timers: NamedTimers<'J'>;
  /** The last response, as bytes to send again (the response object itself is not kept). */
  #last: Resend | undefined;

  /** The request is not kept: the TU has it on its ServerTransaction, and a lingering transaction needs only its response. */
  constructor(
    _request: SipRequest,
    private readonly ctx: TransactionContext,
    private readonly events: { transportError?(err: Error): void } = {},
  ) {
    this.#timers = new NamedTimers(ctx.clock);
  }

  get state(): NonInviteServerState {
    return this.#state;
  }

  /** A retransmission of the request. */
  receiveRequest(): void {
    // §17.2.2: "Once in the "Trying" state, any further request retransmissions are discarded."
    // "If a retransmission of the request is received while in the "Proceeding" state, the most
    // recently sent provisional response MUST be passed to the transport layer for
    // retransmission." "While in the "Completed" state, the server transaction MUST pass the final
    // response to the transport layer for retransmission whenever a retransmission of the request
    // is received."
    if ((this.#state === 'proceeding' || this.#state === 'completed') && this.#last !== undefined) {
      this.#last();
      this.ctx.retransmitted();
    }
  }

  /** The TU's response. Returns false when the transaction already has a final response. */
  respond(res: SipResponse): boolean {
    if (this.#state !== 'trying' && this.#state !== 'proceeding') {
      // "Any other final responses passed by the TU to the server transaction MUST be discarded
      // while in the "Completed" state."
      return false;
    }
    this.#last = this.ctx.send(res);
    if (res.status < 200) {
      this.#state = 'proceeding';
      return true;
    }
    // "the server transaction MUST enter the "Completed" state" ... "When the server transaction
    // enters the "Completed" state, it MUST set Timer J to fire in 64*T1 seconds for unreliable
    // transports, and zero seconds for reliable transports."
    this.#state = 'completed';
    this.#timers.start('J', this.ctx.timers.j, () => this.#terminate());
    return true;
  }

  /** §17.2.4 transport failure: "the server transaction MUST transition ... to the "Terminated" state". */
  transportError(err: Error): void {
    if (this.#state === 'terminated') return;
    this.#terminate();
    this.events.transportError?.(err);
  }

  destroy(): void {
    this.#terminate();
  }

  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#last = undefined;
    this.#timers.stopAll();
    this.ctx.terminated();
  }
}
