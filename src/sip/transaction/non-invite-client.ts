// RFC 3261 §17.1.2 non-INVITE client transaction. Pure state machine: sending goes through the
// TransactionContext, the TU hears through ClientTransactionHandlers.
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ClientTransactionHandlers } from './client-handlers.ts';
import { NamedTimers } from './named-timers.ts';
import type { TransactionContext } from './transaction-context.ts';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export class NonInviteClientTransaction {
  #state: NonInviteClientState = 'trying';
  readonly #timers: NamedTimers<'E' | 'F' | 'K'>;
  #interval: number;
  /** Needed for retransmissions only; released at the final response (the TU keeps its own). */
  #request: SipRequest | undefined;
  /** The TU's handlers until the final response or the timeout: a lingering "Completed" tells the TU nothing. */
  #tu: ClientTransactionHandlers | undefined;

  constructor(
    request: SipRequest,
    private readonly ctx: TransactionContext,
    tu: ClientTransactionHandlers,
  ) {
    this.#tu = tu;
    this.#request = request;
    this.#timers = new NamedTimers(ctx.clock);
    this.#interval = ctx.timers.e;
  }

  get state(): NonInviteClientState {
    return this.#state;
  }

  /**
   * §17.1.2.2: "The "Trying" state is entered when the TU initiates a new client transaction with a
   * request. When entering this state, the client transaction SHOULD set timer F to fire in 64*T1
   * seconds. The request MUST be passed to the transport layer for transmission. If an unreliable
   * transport is in use, the client transaction MUST set timer E to fire in T1 seconds."
   */
  start(): void {
    if (this.#request === undefined) return;
    this.#timers.start('F', this.ctx.timers.f, () => this.#onTimerF());
    this.ctx.send(this.#request);
    if (!this.ctx.timers.reliable) this.#timers.start('E', this.#interval, () => this.#onTimerE());
  }

  /**
   * "If timer E fires while still in this state, the timer is reset, but this time with a value of
   * MIN(2*T1, T2) ... If Timer E fires while in the "Proceeding" state, the request MUST be passed
   * to the transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
   */
  #onTimerE(): void {
    if ((this.#state !== 'trying' && this.#state !== 'proceeding') || this.#request === undefined) return;
    this.ctx.send(this.#request);
    this.ctx.retransmitted();
    this.#interval = this.#state === 'trying' ? Math.min(2 * this.#interval, this.ctx.timers.t2) : this.ctx.timers.t2;
    this.#timers.start('E', this.#interval, () => this.#onTimerE());
  }

  /** "If Timer F fires while the client transaction is still in the "Trying" [or "Proceeding"] state, the client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the "Terminated" state." */
  #onTimerF(): void {
    if (this.#state !== 'trying' && this.#state !== 'proceeding') return;
    const tu = this.#tu;
    this.#terminate();
    tu?.onTimeout?.();
  }

  receiveResponse(res: SipResponse): void {
    if (this.#state !== 'trying' && this.#state !== 'proceeding') return; // Completed absorbs retransmissions.
    if (res.status < 200) {
      // "If a provisional response is received while in the "Trying" state, the response MUST be
      // passed to the TU, and then the client transaction SHOULD move to the "Proceeding" state."
      this.#state = 'proceeding';
      this.#tu?.onProvisional?.(res);
      return;
    }
    // "If a final response (status codes 200-699) is received while in the "Trying" [or
    // "Proceeding"] state, the response MUST be passed to the TU, and the client transaction MUST
    // transition to the "Completed" state." "Once the client transaction enters the "Completed"
    // state, it MUST set Timer K to fire in T4 seconds for unreliable transports, and zero seconds
    // for reliable transports."
    this.#state = 'completed';
    this.#request = undefined;
    this.#timers.stop('E');
    this.#timers.stop('F');
    const tu = this.#tu;
    this.#tu = undefined;
    this.#timers.start('K', this.ctx.timers.k, () => this.#terminate());
    tu?.onFinal(res);
  }

  /** "If a fatal transport error is reported by the transport layer ... the client transaction SHOULD inform the TU". */
  transportError(err: Error): void {
    if (this.#state === 'terminated') return;
    const beforeFinal = this.#state === 'trying' || this.#state === 'proceeding';
    const tu = this.#tu;
    this.#terminate();
    if (beforeFinal) tu?.onTransportError?.(err);
  }

  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#tu = undefined;
    this.#timers.stopAll();
    this.ctx.terminated();
  }

  destroy(): void {
    this.#terminate();
  }
}
