/**
 * Calls per second for the operator's health page: call starts counted in one-second buckets over
 * the last ten seconds of the platform clock (a sliding average, so a burst shows without spiking
 * to a meaningless instant rate).
 */
import type { Clock } from '../kernel/clock.ts';

const WINDOW_SECONDS = 10;

export class CallRateMeter {
  private readonly buckets = new Array<number>(WINDOW_SECONDS).fill(0);
  private lastSecond: number;

  constructor(private readonly clock: Pick<Clock, 'now'>) {
    this.lastSecond = this.second();
  }

  /** One call started now. */
  record(): void {
    this.advance();
    this.buckets[this.lastSecond % WINDOW_SECONDS] = (this.buckets[this.lastSecond % WINDOW_SECONDS] ?? 0) + 1;
  }

  /** Starts per second, averaged over the last ten seconds. */
  perSecond(): number {
    this.advance();
    return this.buckets.reduce((a, b) => a + b, 0) / WINDOW_SECONDS;
  }

  private second(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Empties the buckets of the seconds that passed since the last call. */
  private advance(): void {
    const now = this.second();
    for (let s = this.lastSecond + 1; s <= Math.min(now, this.lastSecond + WINDOW_SECONDS); s++) this.buckets[s % WINDOW_SECONDS] = 0;
    this.lastSecond = Math.max(this.lastSecond, now);
  }
}
