/**
 * Server-owned presence of an agent's desk (issue 14): the desk is there while its event feed (a
 * WebSocket of the agent's session) or its browser softphone's SIP WebSocket flow is open. When
 * both are closed for the grace (a reload or a network blip is shorter), the desk is gone and the
 * agent is made not ready — closing the browser never leaves an agent "ready" with calls missed.
 * When only the softphone's flow stays closed past the grace (the page is open, its phone is not),
 * the phone is lost, as a desk phone's expired registration is. An agent on a call when the desk
 * went is made not ready once the call is over (`agentIdle`).
 *
 * Pure bookkeeping on the platform's clock; what "not ready" and "phone lost" do is the caller's
 * (the platform wires them to the ACD).
 */
import type { Clock, TimerHandle } from '../kernel/clock.ts';

export interface DeskPresenceOptions {
  clock: Clock;
  graceMs: number;
  /** Both the feed and the softphone stayed closed for the grace: the desk is gone; false when nothing changed (the agent is on a call). */
  deskGone(tenantId: string, userId: string): boolean;
  /** The softphone's flow stayed closed for the grace while the desk was still open. */
  phoneGone(tenantId: string, sipUsername: string): void;
}

interface DeskRec {
  tenantId: string;
  userId: string;
  feeds: number;
  /** The SIP user registered over the softphone's WebSocket now, if any. */
  softphone: string | undefined;
  /** A softphone that went away and has not come back. */
  lostSoftphone: string | undefined;
  timer: TimerHandle | undefined;
  /** The desk went while the agent was on a call: not ready once they are idle. */
  goneDuringCall: boolean;
}

export class DeskPresence {
  readonly #desks = new Map<string, DeskRec>();

  constructor(private readonly opts: DeskPresenceOptions) {}

  /** An event feed of the agent opened; call the returned function when it closes. */
  feedOpened(tenantId: string, userId: string): () => void {
    const d = this.#desk(tenantId, userId);
    d.feeds++;
    this.#changed(d, false);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      d.feeds--;
      this.#changed(d, true);
    };
  }

  /** The agent's SIP user is (`up`) or is no longer registered over a SIP WebSocket. */
  softphone(tenantId: string, userId: string, sipUsername: string, up: boolean): void {
    const d = this.#desk(tenantId, userId);
    if (up) {
      d.softphone = sipUsername;
      d.lostSoftphone = undefined;
      this.#changed(d, false);
    } else if (d.softphone !== undefined) {
      d.lostSoftphone = d.softphone;
      d.softphone = undefined;
      this.#changed(d, true);
    }
  }

  /**
   * The agent had a desk before the platform (re)started: every desk's sockets closed with it, so
   * unless one connects within the grace, the desk is gone.
   */
  expect(tenantId: string, userId: string): void {
    const d = this.#desk(tenantId, userId);
    this.#changed(d, true);
  }

  /** The agent is off their call (ready or in wrap-up): a desk that went during it makes them not ready now. */
  agentIdle(tenantId: string, userId: string): void {
    const d = this.#desks.get(key(tenantId, userId));
    if (!d?.goneDuringCall) return;
    if (!gone(d)) {
      d.goneDuringCall = false;
      return;
    }
    d.goneDuringCall = !this.opts.deskGone(tenantId, userId);
  }

  /** Whether the agent has a desk open now (a feed or a softphone). */
  isOpen(tenantId: string, userId: string): boolean {
    const d = this.#desks.get(key(tenantId, userId));
    return d !== undefined && !gone(d);
  }

  stop(): void {
    for (const d of this.#desks.values()) if (d.timer) this.opts.clock.clearTimeout(d.timer);
    this.#desks.clear();
  }

  #desk(tenantId: string, userId: string): DeskRec {
    const k = key(tenantId, userId);
    let d = this.#desks.get(k);
    if (!d) this.#desks.set(k, (d = { tenantId, userId, feeds: 0, softphone: undefined, lostSoftphone: undefined, timer: undefined, goneDuringCall: false }));
    return d;
  }

  /** Something closed (`lost`) or opened: the grace starts again from the latest loss, or is called off when nothing is missing. */
  #changed(d: DeskRec, lost: boolean): void {
    const missing = gone(d) || d.lostSoftphone !== undefined;
    if (!missing || lost) {
      if (d.timer) this.opts.clock.clearTimeout(d.timer);
      d.timer = undefined;
    }
    if (!gone(d)) d.goneDuringCall = false;
    if (missing && d.timer === undefined) d.timer = this.opts.clock.setTimeout(() => this.#graceOver(d), this.opts.graceMs);
  }

  #graceOver(d: DeskRec): void {
    d.timer = undefined;
    if (gone(d)) {
      d.lostSoftphone = undefined;
      d.goneDuringCall = !this.opts.deskGone(d.tenantId, d.userId);
      return;
    }
    const lost = d.lostSoftphone;
    d.lostSoftphone = undefined;
    if (lost !== undefined && d.softphone === undefined) this.opts.phoneGone(d.tenantId, lost);
  }
}

const key = (tenantId: string, userId: string) => `${tenantId}/${userId}`;
const gone = (d: DeskRec) => d.feeds === 0 && d.softphone === undefined;
