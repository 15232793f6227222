// RFC 3261 §17.2.1 INVITE server transaction, with RFC 6026's Accepted state. Pure state machine:
// responses leave through the TransactionContext. Retransmitting a 2xx until its ACK arrives is
// end-to-end (§13.3.1.4) and lives in AckWait, not here.
import type { SipRequest, SipResponse } from '../message/message.ts';
import { NamedTimers } from './named-timers.ts';
import type { Resend, TransactionContext } from './transaction-context.ts';

export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export interface InviteServerEvents {
  /** Builds the 100 Trying this transaction sends when the TU stays silent for 200 ms. */
  trying(invite: SipRequest): SipResponse;
  /** The transport failed to deliver a response. */
  transportError?(err: Error): void;
}

export class InviteServerTransaction {
  #state: InviteServerState = 'proceeding';
  readonly #timers: NamedTimers<'trying' | 'G' | 'H' | 'I' | 'L'>;
  /** The last response sent, as bytes to send again (the response object itself is not kept). */
  #last: Resend | undefined;
  #interval: number;
  /** Kept only while a 100 Trying may still be built from it; released with the final response. */
  #request: SipRequest | undefined;

  constructor(
    request: SipRequest,
    private readonly ctx: TransactionContext,
    private readonly events: InviteServerEvents,
  ) {
    this.#request = request;
    this.#timers = new NamedTimers(ctx.clock);
    this.#interval = ctx.timers.g;
  }

  get state(): InviteServerState {
    return this.#state;
  }

  /**
   * §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows that
   * the TU will generate a provisional or final response within 200 ms".
   */
  start(): void {
    // A delay of 0 sends the 100 at once (a B2BUA that always forwards knows it will not answer
    // within 200 ms; sending synchronously also keeps a busy event loop from delaying it).
    const request = this.#request;
    if (request === undefined) return;
    if (this.ctx.timers.trying <= 0) {
      this.#send(this.events.trying(request));
      return;
    }
    this.#timers.start('trying', this.ctx.timers.trying, () => {
      if (this.#state === 'proceeding' && this.#last === undefined) this.#send(this.events.trying(request));
    });
  }

  /** A retransmission of the INVITE. */
  receiveInvite(): void {
    switch (this.#state) {
      case 'proceeding':
        // "If a request retransmission is received while in the "Proceeding" state, the most
        // recent provisional response that was received from the TU MUST be passed to the
        // transport layer for retransmission."
        if (this.#last !== undefined) this.#resend();
        return;
      case 'completed':
        // "while in the "Completed" state, if a request retransmission is received, the server
        // SHOULD pass the response to the transport for retransmission."
        this.#resend();
        return;
      case 'accepted': // RFC 6026 §8.7: retransmitted INVITEs are absorbed in "Accepted".
      case 'confirmed':
      case 'terminated':
        return;
    }
  }

  /**
   * An ACK that matched this transaction. Returns false when the transaction does not consume it
   * (in "Accepted", RFC 6026 §8.7: the ACK "MUST be passed up to the TU").
   */
  receiveAck(): boolean {
    if (this.#state === 'accepted') return false;
    if (this.#state === 'completed') {
      // "If an ACK is received while the server transaction is in the "Completed" state, the server
      // transaction MUST transition to the "Confirmed" state. As Timer G is ignored in this state,
      // any retransmissions of the response will cease." ... "When this state is entered, timer I
      // is set to fire in T4 seconds for unreliable transports, and zero seconds for reliable".
      this.#state = 'confirmed';
      this.#timers.stop('G');
      this.#timers.stop('H');
      this.#timers.start('I', this.ctx.timers.i, () => this.#terminate());
    }
    return true; // "Confirmed" absorbs further ACKs.
  }

  /** The TU's response. Returns false if the state no longer accepts it (already final). */
  respond(res: SipResponse): boolean {
    const status = res.status;
    if (this.#state === 'accepted') {
      // RFC 6026 §8.7: "The server transaction MUST NOT generate 2xx retransmissions on its own.
      // Any retransmission of the 2xx response passed from the TU to the transaction while in the
      // "Accepted" state MUST be passed to the transport layer for transmission."
      if (status >= 200 && status < 300) this.ctx.send(res);
      return status >= 200 && status < 300;
    }
    if (this.#state !== 'proceeding') return false;
    this.#timers.stop('trying');
    this.#send(res);
    if (status < 200) return true;
    this.#request = undefined;
    if (status < 300) {
      // RFC 6026 §8.5: "If, while in the "Proceeding" state, the TU passes a 2xx response to the
      // server transaction, the server transaction MUST pass this response to the transport layer
      // for transmission ... The server transaction MUST then transition to the "Accepted" state."
      // §8.7: "the server transaction MUST set Timer L to 64*T1".
      this.#state = 'accepted';
      // Nothing is resent from "Accepted" (retransmitted INVITEs are absorbed), so the 2xx need not
      // be kept for the 64*T1 this state lasts: at hundreds of calls per second that adds up.
      this.#last = undefined;
      this.#timers.start('L', this.ctx.timers.l, () => this.#terminate());
      return true;
    }
    // "While in the "Proceeding" state, if the TU passes a response with status code from 300 to 699
    // to the server transaction, the response MUST be passed to the transport layer for
    // transmission, and the state machine MUST enter the "Completed" state. For unreliable
    // transports, timer G is set to fire in T1 seconds ... timer H MUST be set to fire in 64*T1".
    this.#state = 'completed';
    if (!this.ctx.timers.reliable) this.#timers.start('G', this.#interval, () => this.#onTimerG());
    this.#timers.start('H', this.ctx.timers.h, () => this.#terminate());
    return true;
  }

  /** "If timer G fires, the response is passed to the transport layer once more for retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds." */
  #onTimerG(): void {
    if (this.#state !== 'completed') return;
    this.#resend();
    this.#interval = Math.min(2 * this.#interval, this.ctx.timers.t2);
    this.#timers.start('G', this.#interval, () => this.#onTimerG());
  }

  /** §17.2.4: a transport failure while sending a response ends the transaction and informs the TU. */
  transportError(err: Error): void {
    if (this.#state === 'terminated') return;
    this.#terminate();
    this.events.transportError?.(err);
  }

  destroy(): void {
    this.#terminate();
  }

  #send(res: SipResponse): void {
    this.#last = this.ctx.send(res);
  }

  #resend(): void {
    if (this.#last === undefined) return;
    this.#last();
    this.ctx.retransmitted();
  }

  /** "If timer H fires while in the "Completed" state ... the server transaction MUST transition to the "Terminated" state". */
  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#last = undefined;
    this.#timers.stopAll();
    this.ctx.terminated();
  }
}
