// Fake time for the embedded engine's clock: timers fire only when the test advances time.

import type { MediaClock, TimerHandle } from '../../../src/media/embedded/media-clock.ts';

export class FakeMediaClock implements MediaClock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  /** Added to every timer's due time: simulates a late event loop. */
  lateness = 0;

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms) + this.lateness, fn, id });
    return { cancel: () => (this.timers = this.timers.filter((x) => x.id !== id)) };
  }

  /** Moves time forward without firing anything: a blocked event loop. */
  stall(ms: number): void {
    this.t += ms;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }
}
