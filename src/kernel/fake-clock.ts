// The one fake Clock for tests: time moves only when the test calls advance() (or stall()), and
// due timers fire in order of their due time (ties in order of creation), each seeing now() equal
// to its own due time. Wall time moves with it, from `wallStart`.
import type { Clock, TimerHandle } from './clock.ts';

interface FakeTimer extends TimerHandle {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

export interface FakeClockOptions {
  /** wallNow() when now() is `start` (default: the same number as `start`). */
  wallStart?: number;
  /** Added to every new timer's due time: a late event loop (default 0). */
  lateness?: () => number;
}

export class FakeClock implements Clock {
  #now: number;
  readonly #wallOffset: number;
  #nextId = 1;
  readonly #timers = new Map<number, FakeTimer>();
  /** Added to every new timer's due time (ms): a late event loop. */
  lateness: () => number;
  /** Timers fired so far. */
  fired = 0;

  constructor(start = 0, opts: FakeClockOptions = {}) {
    this.#now = start;
    this.#wallOffset = (opts.wallStart ?? start) - start;
    this.lateness = opts.lateness ?? (() => 0);
  }

  now(): number {
    return this.#now;
  }

  wallNow(): number {
    return this.#now + this.#wallOffset;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { __timerHandle: true, id: this.#nextId++, due: this.#now + Math.max(0, ms) + this.lateness(), fn };
    this.#timers.set(timer.id, timer);
    return timer;
  }

  clearTimeout(h: TimerHandle): void {
    this.#timers.delete((h as FakeTimer).id);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Due time of the earliest pending timer, or undefined. */
  nextDue(): number | undefined {
    return this.#earliest()?.due;
  }

  /**
   * Moves time forward by ms, firing every timer that comes due on the way, including timers that
   * the fired callbacks schedule inside the window.
   */
  advance(ms: number): void {
    const end = this.#now + Math.max(0, ms);
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.due > end) break;
      this.#timers.delete(next.id);
      // A timer overdue after a stall() fires at the present, not in the past.
      this.#now = Math.max(this.#now, next.due);
      this.fired++;
      next.fn();
    }
    this.#now = end;
  }

  /** Moves time forward without firing anything: a blocked event loop. */
  stall(ms: number): void {
    this.#now += Math.max(0, ms);
  }

  /** Fires everything pending (and what it schedules) until no timer is left, up to a limit. */
  runAll(limit = 10_000): void {
    for (let i = 0; i < limit; i++) {
      const next = this.#earliest();
      if (next === undefined) return;
      this.advance(Math.max(0, next.due - this.#now));
    }
    throw new Error('FakeClock.runAll: timers keep rescheduling themselves');
  }

  #earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.#timers.values()) {
      if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
