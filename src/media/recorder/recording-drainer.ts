// One drain timer per engine clock for all its recordings, instead of a timer per recording:
// recordings drain themselves as packets arrive (every 200 ms of their clock); this timer only
// catches the ones that receive nothing (hold, both sides silent), so their files keep growing.
//
//   const drainer = RecordingDrainer.of(clock);
//   drainer.add(rec);      // rec.drainIfDue(now) every DRAIN_TICK_MS while any recording is added
//   drainer.remove(rec);   // the timer stops with the last one

import type { Clock, TimerHandle } from '../../kernel/clock.ts';

export interface Drainable {
  drainIfDue(nowMs: number): void;
}

const DRAIN_TICK_MS = 250;

const drainers = new WeakMap<Clock, RecordingDrainer>();

export class RecordingDrainer {
  private readonly members = new Set<Drainable>();
  private timer: TimerHandle | undefined;

  private constructor(private readonly clock: Clock) {}

  /** The drainer of `clock` (one per engine, created on first use). */
  static of(clock: Clock): RecordingDrainer {
    let d = drainers.get(clock);
    if (!d) {
      d = new RecordingDrainer(clock);
      drainers.set(clock, d);
    }
    return d;
  }

  get size(): number {
    return this.members.size;
  }

  add(member: Drainable): void {
    this.members.add(member);
    this.timer ??= this.clock.setTimeout(() => this.tick(), DRAIN_TICK_MS);
  }

  remove(member: Drainable): void {
    this.members.delete(member);
    if (this.members.size === 0) {
      if (this.timer) this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    this.timer = undefined;
    const now = this.clock.now();
    // drainIfDue never throws (a recording's failure ends that recording) and may remove itself.
    for (const m of [...this.members]) m.drainIfDue(now);
    if (this.members.size > 0) this.timer ??= this.clock.setTimeout(() => this.tick(), DRAIN_TICK_MS);
  }
}
