// Paces frames in real time without drift: frame n is due at start + n·20 ms on the injected
// clock, and each timer is set for the next due time (not "20 ms from now"), so timer lateness
// never accumulates — after an hour frame 180 000 is still due exactly 3 600 000 ms after start.
// A late timer (event loop busy) sends the overdue frames at once, up to `maxBurst`; beyond that
// the overdue ticks are skipped (counted in `skipped`) rather than flooding the far end.
//
//   const pacer = new FramePacer({ clock, onTick: (n) => { const f = src.next(); if (!f) return false; send(f); } });
//   pacer.start();   … pacer.stop();
//
// `clock` is the kernel's Clock: `systemClock`, or a test's `FakeClock`.
import type { Clock, TimerHandle } from '../../kernel/clock.ts';

export interface FramePacerOptions {
  clock: Clock;
  /** Called once per due frame with its index; return false to stop the pacer. */
  onTick: (index: number, dueAtMs: number) => boolean | void;
  /** Default 20 ms. */
  frameMs?: number;
  /** Overdue frames sent in one go before the rest are skipped. Default 5 (100 ms). */
  maxBurst?: number;
}

type PacerState = 'idle' | 'running' | 'stopped';

export class FramePacer {
  private state: PacerState = 'idle';
  private startMs = 0;
  private index = 0;
  private timer: TimerHandle | undefined;
  private readonly frameMs: number;
  private readonly maxBurst: number;
  /** Ticks skipped because the timer came too late. */
  skipped = 0;

  constructor(private readonly opts: FramePacerOptions) {
    this.frameMs = opts.frameMs ?? 20;
    this.maxBurst = opts.maxBurst ?? 5;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Index of the next frame to send. */
  get nextIndex(): number {
    return this.index;
  }

  /** Starts now: frame 0 is sent at once. */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.startMs = this.opts.clock.now();
    this.fire();
  }

  stop(): void {
    if (this.state !== 'running') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private dueAt(index: number): number {
    return this.startMs + index * this.frameMs;
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.opts.clock.now();
    let sent = 0;
    while (this.state === 'running' && this.dueAt(this.index) <= now) {
      if (sent === this.maxBurst) {
        // Too far behind: jump to the frame due now instead of bursting the backlog.
        const dueNow = Math.floor((now - this.startMs) / this.frameMs);
        this.skipped += dueNow - this.index;
        this.index = dueNow;
      }
      const index = this.index++;
      sent++;
      if (this.opts.onTick(index, this.dueAt(index)) === false) this.stop();
    }
    if (this.state === 'running') {
      this.timer = this.opts.clock.setTimeout(() => this.fire(), this.dueAt(this.index) - now);
    }
  }
}
