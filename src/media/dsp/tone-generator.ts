// Generates a tone (call progress or DTMF) as 16-bit PCM, sample-exact to its cadence, phase
// continuous across calls to fill(), so it can be pulled one 20 ms frame at a time by the player.
//
//   const gen = new ToneGenerator(CHINA_TONES.ringback);   // 8 kHz by default
//   gen.fill(frame);                                        // Int16Array of any length
//   gen.finished                                            // non-repeating cadence played out

import { SAMPLE_RATE, clip16, msToSamples } from './pcm.ts';
import type { ToneSpec } from './tone-plan.ts';

/** Peak amplitude of a 0 dBm0 sine in 16-bit linear PCM (G.711: 3.17 dBm0 is full scale). */
const ZERO_DBM0_PEAK = 32767 * Math.pow(10, -3.17 / 20);

interface Segment {
  samples: number;
  on: boolean;
}

export class ToneGenerator {
  private readonly segments: Segment[];
  private readonly steps: number[];
  private readonly amplitude: number;
  private segIndex = 0;
  private segPos = 0;
  /** Sample counter driving the oscillator, so the phase never jumps between frames. */
  private phaseSample = 0;
  private done = false;

  constructor(
    private readonly spec: ToneSpec,
    private readonly rate = SAMPLE_RATE,
  ) {
    this.amplitude = ZERO_DBM0_PEAK * Math.pow(10, spec.levelDbm0 / 20);
    this.steps = spec.frequencies.map((f) => (2 * Math.PI * f) / rate);
    this.segments = [];
    for (const burst of spec.cadence ?? []) {
      this.segments.push({ samples: msToSamples(burst.onMs, rate), on: true });
      if (burst.offMs > 0) this.segments.push({ samples: msToSamples(burst.offMs, rate), on: false });
    }
  }

  /** True once a non-repeating cadence has played out; fill() then writes silence. */
  get finished(): boolean {
    if (this.done) return true;
    if (this.spec.repeat || this.spec.cadence === null) return false;
    // Played to the very last sample of the last burst: finished without another fill().
    const last = this.segments.length - 1;
    return this.segIndex >= last && this.segPos >= (this.segments[last]?.samples ?? 0);
  }

  /** Total length in samples of one pass of the cadence (Infinity for a continuous tone). */
  get periodSamples(): number {
    if (this.spec.cadence === null) return Infinity;
    return this.segments.reduce((n, s) => n + s.samples, 0);
  }

  /** Writes the next `out.length` samples of the tone into `out`. */
  fill(out: Int16Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.nextOn() ? this.sample() : 0;
  }

  /** Advances one sample through the cadence and says whether that sample is tone or silence. */
  private nextOn(): boolean {
    if (this.spec.cadence === null) return true;
    if (this.done) return false;
    let seg = this.segments[this.segIndex];
    while (seg && this.segPos >= seg.samples) {
      this.segPos = 0;
      this.segIndex++;
      if (this.segIndex >= this.segments.length) {
        if (!this.spec.repeat) {
          this.done = true;
          return false;
        }
        this.segIndex = 0;
      }
      seg = this.segments[this.segIndex];
    }
    if (!seg) {
      this.done = true;
      return false;
    }
    this.segPos++;
    return seg.on;
  }

  private sample(): number {
    let v = 0;
    const n = this.phaseSample++;
    // Half a sample of phase offset keeps every tone sample non-zero, so silence is exact zeros only.
    for (const step of this.steps) v += Math.sin(step * (n + 0.5));
    return clip16(v * this.amplitude);
  }
}
