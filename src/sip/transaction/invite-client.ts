// RFC 3261 §17.1.1 INVITE client transaction, with RFC 6026's Accepted state. Pure state machine:
// sending goes through the TransactionContext, the TU hears through ClientTransactionHandlers.
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ClientTransactionHandlers } from './client-handlers.ts';
import { NamedTimers } from './named-timers.ts';
import type { Resend, TransactionContext } from './transaction-context.ts';

export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

/** Builds the ACK for a non-2xx final response (§17.1.1.3); supplied by the layer. */
export type AckBuilder = (invite: SipRequest, res: SipResponse) => SipRequest;

/** What a transaction that will tell the TU nothing more holds instead of the TU's handlers. */
const RELEASED: ClientTransactionHandlers = { onFinal: () => undefined };

export class InviteClientTransaction {
  #state: InviteClientState = 'calling';
  readonly #timers: NamedTimers<'A' | 'B' | 'D' | 'M' | 'cancel'>;
  #interval: number;
  /** The ACK for a non-2xx final, as bytes to send again for each retransmitted final (Timer D). */
  #ack: Resend | undefined;
  /** Needed for retransmissions and the non-2xx ACK; released at the final response (the TU keeps its own). */
  #request: SipRequest | undefined;
  /**
   * The TU's handlers, cut down as the machine goes: in "Accepted" only onRetransmitted2xx (called
   * as a plain function), from "Completed" on nothing. The handlers close over the TU's call; a
   * transaction lingering 64*T1 after the call ended must not keep that call alive.
   */
  #tu: ClientTransactionHandlers;

  constructor(
    request: SipRequest,
    private readonly ctx: TransactionContext,
    tu: ClientTransactionHandlers,
    private readonly buildAck: AckBuilder,
  ) {
    this.#tu = tu;
    this.#request = request;
    this.#timers = new NamedTimers(ctx.clock);
    this.#interval = ctx.timers.a;
  }

  get state(): InviteClientState {
    return this.#state;
  }

  /**
   * §17.1.1.2: "The initial state, "calling", MUST be entered when the TU initiates a new client
   * transaction with an INVITE request. The client transaction MUST pass the request to the
   * transport layer for transmission. If an unreliable transport is being used, the client
   * transaction MUST start timer A with a value of T1 ... For any transport, the client transaction
   * MUST start timer B with a value of 64*T1 seconds."
   */
  start(): void {
    if (this.#request === undefined) return;
    this.ctx.send(this.#request);
    if (!this.ctx.timers.reliable) this.#timers.start('A', this.#interval, () => this.#onTimerA());
    this.#timers.start('B', this.ctx.timers.b, () => this.#onTimerB());
  }

  /** "When timer A fires, the client transaction MUST retransmit the request ... and reset the timer with a value of 2*T1." */
  #onTimerA(): void {
    if (this.#state !== 'calling' || this.#request === undefined) return;
    this.ctx.send(this.#request);
    this.ctx.retransmitted();
    this.#interval *= 2;
    this.#timers.start('A', this.#interval, () => this.#onTimerA());
  }

  /** "If the client transaction is still in the "Calling" state when timer B fires, the client transaction SHOULD inform the TU that a timeout has occurred." */
  #onTimerB(): void {
    if (this.#state !== 'calling') return;
    const tu = this.#tu;
    this.#terminate();
    tu.onTimeout?.();
  }

  receiveResponse(res: SipResponse): void {
    const status = res.status;
    switch (this.#state) {
      case 'calling':
      case 'proceeding':
        return this.#onResponseBeforeFinal(res, status);
      case 'completed':
        // §17.1.1.2: "Any retransmissions of the final response that are received while in the
        // "Completed" state MUST cause the ACK to be re-passed to the transport layer for
        // retransmission, but the newly received response MUST NOT be passed up to the TU."
        if (status >= 300 && this.#ack !== undefined) this.#ack();
        return;
      case 'accepted':
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction and that are
        // received while in the "Accepted" state MUST be passed up to the TU".
        if (status >= 200 && status < 300) this.#tu.onRetransmitted2xx?.(res);
        return;
      case 'terminated':
        return;
    }
  }

  #onResponseBeforeFinal(res: SipResponse, status: number): void {
    this.#timers.stop('A');
    if (status < 200) {
      // "If the client transaction receives a provisional response while in the "Calling" state,
      // it transitions to the "Proceeding" state ... the provisional response MUST be passed to the TU."
      this.#state = 'proceeding';
      this.#tu.onProvisional?.(res);
      return;
    }
    this.#timers.stop('B');
    this.#timers.stop('cancel');
    const request = this.#request;
    this.#request = undefined;
    const tu = this.#tu;
    if (status < 300) {
      // RFC 6026 §8.4: "If a 2xx response is received while the client INVITE state machine is in
      // the "Calling" or "Proceeding" states, it MUST transition to the "Accepted" state, pass the
      // 2xx response to the TU, and set Timer M to 64*T1."
      this.#state = 'accepted';
      const again = tu.onRetransmitted2xx;
      this.#tu = again === undefined ? RELEASED : { onFinal: RELEASED.onFinal, onRetransmitted2xx: again };
      this.#timers.start('M', this.ctx.timers.m, () => this.#terminate());
      tu.onFinal(res);
      return;
    }
    // "When in either the "Calling" or "Proceeding" states, reception of a response with status
    // code from 300-699 MUST cause the client transaction to transition to "Completed". The client
    // transaction MUST pass the received response up to the TU, and the client transaction MUST
    // generate an ACK request ... The client transaction SHOULD start timer D".
    this.#state = 'completed';
    if (request !== undefined) {
      this.#ack = this.ctx.send(this.buildAck(request, res));
    }
    this.#tu = RELEASED;
    this.#timers.start('D', this.ctx.timers.d, () => this.#terminate());
    tu.onFinal(res);
  }

  /**
   * A CANCEL was sent for this INVITE. §9.1: "If no final response has been received after 64*T1
   * seconds, the client SHOULD consider the INVITE transaction terminated" (and the TU is told).
   */
  cancelSent(): void {
    if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
    this.#timers.start('cancel', 64 * this.ctx.timers.t1, () => {
      if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
      const tu = this.#tu;
      this.#terminate();
      tu.onTimeout?.();
    });
  }

  /** §17.1.1.2: "the client transaction SHOULD inform the TU that a transport failure has occurred". */
  transportError(err: Error): void {
    if (this.#state === 'terminated') return;
    const beforeFinal = this.#state === 'calling' || this.#state === 'proceeding';
    const tu = this.#tu;
    this.#terminate();
    if (beforeFinal) tu.onTransportError?.(err);
  }

  /** Stops every timer and leaves the table (endpoint shutdown, or the end of a linger timer). */
  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#tu = RELEASED;
    this.#ack = undefined;
    this.#timers.stopAll();
    this.ctx.terminated();
  }

  /** Forces the end (endpoint close). */
  destroy(): void {
    this.#terminate();
  }
}
