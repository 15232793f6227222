/**
 * What the engine tells a waiting call's driver — an offer, a withdrawal, an overflow — held back
 * until the state change that caused it is complete (the engine's settle loop runs them one by one),
 * and kept for a ticket whose driver has not registered its handler yet. An offer that ended before
 * its turn is not handed over, and one the driver never saw needs no withdrawal.
 */
import type { Offer, QueueTicket, WithdrawReason } from './acd-engine.ts';
import { estimatedWaitSeconds, position, type TicketRec } from './acd-engine-records.ts';

export class DriverHandoff {
  readonly #pending: (() => void)[] = [];

  /** `isLive`: the offer is still out (not answered, not withdrawn). */
  constructor(private readonly isLive: (token: string) => boolean) {}

  /** The next held-back hand-off, or undefined when none is left. */
  next(): (() => void) | undefined {
    return this.#pending.shift();
  }

  offer(t: TicketRec, offer: Offer): void {
    this.#pending.push(() => {
      if (!this.isLive(offer.token)) return;
      if (t.offerHandler) {
        t.deliveredOffers.add(offer.token);
        t.offerHandler(offer);
      } else t.undeliveredOffers.push(offer);
    });
  }

  withdraw(t: TicketRec, token: string, reason: WithdrawReason): void {
    this.#pending.push(() => {
      // An offer the driver never saw needs no withdrawal.
      if (!t.deliveredOffers.delete(token)) return;
      t.withdrawHandler?.(token, reason);
    });
  }

  overflow(t: TicketRec, reason: 'timeout' | 'no_agents'): void {
    this.#pending.push(() => {
      if (t.overflowHandler) t.overflowHandler(reason);
      else t.pendingOverflow = reason;
    });
  }

  /** The driver's side of a ticket; `settle` runs what registering a handler let through. */
  ticketView(t: TicketRec, settle: () => void): QueueTicket {
    return {
      id: t.id,
      position: () => position(t),
      estimatedWaitSeconds: () => estimatedWaitSeconds(t),
      onOffer: (handler) => {
        t.offerHandler = handler;
        const buffered = t.undeliveredOffers.splice(0);
        for (const offer of buffered) {
          this.#pending.push(() => {
            if (!this.isLive(offer.token)) return;
            t.deliveredOffers.add(offer.token);
            handler(offer);
          });
        }
        settle();
      },
      onOverflow: (handler) => {
        t.overflowHandler = handler;
        const reason = t.pendingOverflow;
        t.pendingOverflow = undefined;
        if (reason !== undefined) this.#pending.push(() => handler(reason));
        settle();
      },
      onWithdraw: (handler) => {
        t.withdrawHandler = handler;
      },
    };
  }
}
