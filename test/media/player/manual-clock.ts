// A fake clock for pacing tests: timers fire in due order when the test advances time, each one
// `lateness()` ms after it was due, as a busy event loop would.

import type { PacerClock } from '../../../src/media/player/pacer.ts';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class ManualClock implements PacerClock<number> {
  private t: number;
  private timers: Timer[] = [];
  private nextId = 1;
  fired = 0;

  constructor(
    start = 1_000_000,
    private readonly lateness: () => number = () => 0,
  ) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms) + this.lateness(), fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers = this.timers.filter((x) => x.id !== id);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Runs every timer due up to now + ms, in order, moving time to each. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.timers.length; i++) {
        const at = this.timers[i]?.at ?? Infinity;
        if (at <= end && (best < 0 || at < (this.timers[best]?.at ?? Infinity))) best = i;
      }
      if (best < 0) break;
      const [timer] = this.timers.splice(best, 1);
      if (!timer) break;
      this.t = Math.max(this.t, timer.at);
      this.fired++;
      timer.fn();
    }
    this.t = end;
  }
}
