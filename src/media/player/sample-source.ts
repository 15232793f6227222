// Pull-based audio sources at 8 kHz mono 16-bit. `read` fills `out[offset..offset+count)` and
// returns how many samples it wrote; fewer than asked means the source has ended. Sources are
// sample exact, so a sequence joins its items without gaps and a tone keeps its cadence.

import { ToneGenerator } from '../dsp/tone-generator.ts';
import { msToSamples } from '../dsp/pcm.ts';
import type { ToneSpec } from '../dsp/tone-plan.ts';

export interface SampleSource {
  read(out: Int16Array, offset: number, count: number): number;
}

/** Plays samples held in memory (a decoded prompt). */
export class PcmSource implements SampleSource {
  private pos = 0;
  constructor(private readonly pcm: Int16Array) {}

  read(out: Int16Array, offset: number, count: number): number {
    const n = Math.min(count, this.pcm.length - this.pos);
    out.set(this.pcm.subarray(this.pos, this.pos + n), offset);
    this.pos += n;
    return n;
  }
}

/** `ms` of silence. */
export class SilenceSource implements SampleSource {
  private left: number;
  constructor(ms: number) {
    this.left = Math.max(0, msToSamples(ms));
  }

  read(out: Int16Array, offset: number, count: number): number {
    const n = Math.min(count, this.left);
    out.fill(0, offset, offset + n);
    this.left -= n;
    return n;
  }
}

/**
 * A generated tone: for `durationMs` when given, else until its cadence ends (non-repeating tones
 * such as the beep) or forever (ringback, busy…).
 */
export class ToneSource implements SampleSource {
  private readonly gen: ToneGenerator;
  private left: number;
  constructor(spec: ToneSpec, durationMs?: number) {
    this.gen = new ToneGenerator(spec);
    const natural = spec.repeat ? Infinity : this.gen.periodSamples;
    this.left = durationMs === undefined ? natural : Math.max(0, msToSamples(durationMs));
  }

  read(out: Int16Array, offset: number, count: number): number {
    const n = Math.min(count, this.left);
    this.gen.fill(out.subarray(offset, offset + n));
    this.left -= n;
    return n;
  }
}

/** Items one after another, joined sample-exactly. */
export class SequenceSource implements SampleSource {
  private index = 0;
  constructor(private readonly items: readonly SampleSource[]) {}

  read(out: Int16Array, offset: number, count: number): number {
    let done = 0;
    while (done < count && this.index < this.items.length) {
      const item = this.items[this.index];
      const n = item ? item.read(out, offset + done, count - done) : 0;
      done += n;
      if (done < count) this.index++;
    }
    return done;
  }
}

/**
 * Plays a source again and again (`times` passes, or forever): `make` builds a fresh pass.
 * A pass that yields nothing ends the loop instead of spinning.
 */
export class LoopSource implements SampleSource {
  private current: SampleSource;
  private passes = 1;
  private producedThisPass = 0;
  private ended = false;
  constructor(
    private readonly make: () => SampleSource,
    private readonly times = Infinity,
  ) {
    this.current = make();
  }

  read(out: Int16Array, offset: number, count: number): number {
    let done = 0;
    while (done < count && !this.ended) {
      const n = this.current.read(out, offset + done, count - done);
      done += n;
      this.producedThisPass += n;
      if (done < count) {
        if (this.producedThisPass === 0 || this.passes >= this.times) {
          this.ended = true;
          break;
        }
        this.passes++;
        this.producedThisPass = 0;
        this.current = this.make();
      }
    }
    return done;
  }
}
