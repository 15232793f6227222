// RFC 3261 §13.3.1.4: a UAS core retransmits its 2xx to INVITE until the ACK arrives. "The 2xx
// response is passed to the transport with an interval that starts at T1 seconds and doubles for
// each retransmission until it reaches T2 seconds ... Response retransmissions cease when an ACK
// request for the response is received. This is independent of whatever transport protocols are
// used to send the response." "If the server retransmits the 2xx response for 64*T1 seconds
// without receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated."
// One AckWait per 2xx sent; the layer keys them by Call-ID, CSeq number and To tag.
import type { SipResponse } from '../message/message.ts';
import { NamedTimers } from './named-timers.ts';
import type { TransactionTimers } from './timers.ts';
import type { Clock } from '../../kernel/clock.ts';

export type AckWaitState = 'waiting' | 'acked' | 'timed-out';

export interface AckWaitEvents {
  send(res: SipResponse): void;
  retransmitted(): void;
  /** 64*T1 passed without the ACK. */
  timedOut(): void;
  /** Acked or timed out: remove from the table. */
  finished(): void;
}

export class AckWait {
  #state: AckWaitState = 'waiting';
  #response: SipResponse;
  #interval: number;
  readonly #timers: NamedTimers<'retransmit' | 'give-up'>;

  constructor(
    response: SipResponse,
    private readonly clock: Clock,
    private readonly timers: TransactionTimers,
    private readonly events: AckWaitEvents,
  ) {
    this.#response = response;
    this.#interval = timers.t1;
    this.#timers = new NamedTimers(clock);
  }

  get state(): AckWaitState {
    return this.#state;
  }

  /** Starts waiting; the response itself has already been sent by the server transaction. */
  start(): void {
    this.#timers.start('retransmit', this.#interval, () => this.#retransmit());
    this.#timers.start('give-up', 64 * this.timers.t1, () => {
      if (this.#state !== 'waiting') return;
      this.#state = 'timed-out';
      this.#timers.stopAll();
      this.events.finished();
      this.events.timedOut();
    });
  }

  /** The TU sent the 2xx again (e.g. with a changed body): retransmit that one from now on. */
  replace(response: SipResponse): void {
    this.#response = response;
  }

  /** The matching ACK arrived. */
  acked(): void {
    if (this.#state !== 'waiting') return;
    this.#state = 'acked';
    this.#timers.stopAll();
    this.events.finished();
  }

  /** Stops without telling the TU (endpoint close). */
  destroy(): void {
    if (this.#state !== 'waiting') return;
    this.#state = 'acked';
    this.#timers.stopAll();
    this.events.finished();
  }

  #retransmit(): void {
    if (this.#state !== 'waiting') return;
    this.events.send(this.#response);
    this.events.retransmitted();
    this.#interval = Math.min(2 * this.#interval, this.timers.t2);
    this.#timers.start('retransmit', this.#interval, () => this.#retransmit());
  }
}
