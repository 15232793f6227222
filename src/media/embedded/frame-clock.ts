// One 20 ms tick for the whole engine (players, conference mixes, recorders), scheduled against
// absolute time: tick k is due at start + k × 20 ms, so timer lateness never accumulates and a
// one-hour prompt ends within a frame of one hour. When the event loop stalls for several frames,
// the missed ticks run at once (up to `maxCatchUp`), keeping the media timeline aligned with the
// wall clock; beyond that they are skipped and counted.

import type { Clock, TimerHandle } from '../../kernel/clock.ts';

export interface FrameClockListener {
  /** `tick` counts from 0; `dueMs` is when it was due (clock.now() units). */
  onFrame(tick: number, dueMs: number): void;
}

type FrameClockState = 'stopped' | 'running';

export class FrameClock {
  private state: FrameClockState = 'stopped';
  private readonly listeners = new Set<FrameClockListener>();
  private timer: TimerHandle | undefined;
  private startMs = 0;
  private tick = 0;
  /** Ticks skipped because the loop stalled longer than maxCatchUp frames. */
  skipped = 0;

  constructor(
    private readonly clock: Clock,
    readonly frameMs = 20,
    private readonly maxCatchUp = 5,
  ) {}

  /** Adds a listener; the clock runs while it has any. */
  add(listener: FrameClockListener): void {
    this.listeners.add(listener);
    if (this.state === 'stopped') this.start();
  }

  remove(listener: FrameClockListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.stop();
  }

  get size(): number {
    return this.listeners.size;
  }

  private start(): void {
    this.state = 'running';
    this.startMs = this.clock.now();
    this.tick = 0;
    this.schedule();
  }

  stop(): void {
    this.state = 'stopped';
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const due = this.startMs + this.tick * this.frameMs;
    this.timer = this.clock.setTimeout(() => this.fire(), due - this.clock.now());
  }

  private fire(): void {
    if (this.state !== 'running') return;
    const now = this.clock.now();
    let runs = 0;
    while (this.state === 'running' && this.startMs + this.tick * this.frameMs <= now) {
      if (runs === this.maxCatchUp) {
        // Too far behind: jump to the present instead of bursting every missed frame.
        const behind = Math.floor((now - this.startMs) / this.frameMs) - this.tick + 1;
        this.skipped += behind;
        this.tick += behind;
        break;
      }
      const due = this.startMs + this.tick * this.frameMs;
      for (const l of [...this.listeners]) l.onFrame(this.tick, due);
      this.tick++;
      runs++;
    }
    if (this.state === 'running') this.schedule();
  }
}
