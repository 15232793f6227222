// In-band DTMF detection (ITU-T Q.24 style) for trunks that send key tones in the audio instead of
// RFC 4733 events. Pure and streaming: feed any number of 8 kHz samples, get begin/end events.
//
//   const det = new DtmfDetector();
//   for (const e of det.process(frame)) if (e.type === 'begin') onDigit(e.digit);
//
// Method: Goertzel power at the 8 DTMF frequencies over 205-sample windows (25.6 ms, ~39 Hz
// resolution, the classic choice for 8 kHz) hopped by 102 samples. A window holds a digit when
//   - each of the two tones is above the minimum level,
//   - twist (row vs column power) is within limits (8 dB normal, 4 dB reverse),
//   - each tone is the clear peak of its group (others 8 dB down),
//   - the two tones carry most of the window's energy (rejects speech and noise).
// A digit begins after two consecutive windows agree and ends after two consecutive windows
// without it. Measured over every alignment: tones of 45 ms and more are always reported, 40 ms
// 96 % of the time, 25 ms and less never (Q.24 asks ≥ 40 ms accepted, < 20–25 ms rejected).

import { SAMPLE_RATE } from './pcm.ts';
import { DTMF_COLS, DTMF_KEYPAD, DTMF_ROWS } from './tone-plan.ts';

export type DtmfToneEvent =
  /** A key press confirmed; `sample` is where its first window started (detector's sample count). */
  | { type: 'begin'; digit: string; sample: number }
  /** The key was released; `durationMs` is the detected tone length. */
  | { type: 'end'; digit: string; sample: number; durationMs: number };

export interface DtmfDetectorOptions {
  /** Weakest tone accepted, per component, in dBm0. Default -30. */
  minLevelDbm0?: number;
  /** Largest allowed low-group-over-high-group excess in dB. Default 8. */
  normalTwistDb?: number;
  /** Largest allowed high-group-over-low-group excess in dB. Default 4. */
  reverseTwistDb?: number;
  /**
   * Share of the window's energy the two tones must carry (0..1). Default 0.8: a clean key tone
   * scores ~0.99 even through G.711; sung vowels whose harmonics cross a DTMF pair score ≤ 0.75.
   */
  minPurity?: number;
}

type DetectorState = 'idle' | 'candidate' | 'on';

const ZERO_DBM0_PEAK = 32767 * Math.pow(10, -3.17 / 20);
const WINDOW_AT_8K = 205;

export class DtmfDetector {
  private readonly n: number;
  private readonly hop: number;
  private readonly buf: Float64Array;
  private len = 0;
  /** Samples consumed so far; the absolute position of buf[len]. */
  private total = 0;
  private state: DetectorState = 'idle';
  private digit = '';
  private beganAt = 0;
  private misses = 0;
  private readonly minPower: number;
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly minPurity: number;
  private readonly coeff: Float64Array;
  private readonly s1 = new Float64Array(8);
  private readonly s2 = new Float64Array(8);
  private readonly power = new Float64Array(8);

  constructor(
    opts: DtmfDetectorOptions = {},
    private readonly rate = SAMPLE_RATE,
  ) {
    this.n = Math.round((WINDOW_AT_8K * rate) / SAMPLE_RATE);
    this.hop = Math.floor(this.n / 2);
    this.buf = new Float64Array(this.n);
    const minAmp = ZERO_DBM0_PEAK * Math.pow(10, (opts.minLevelDbm0 ?? -30) / 20);
    this.minPower = Math.pow((minAmp * this.n) / 2, 2);
    this.normalTwist = Math.pow(10, (opts.normalTwistDb ?? 8) / 10);
    this.reverseTwist = Math.pow(10, (opts.reverseTwistDb ?? 4) / 10);
    this.minPurity = opts.minPurity ?? 0.8;
    this.coeff = Float64Array.from([...DTMF_ROWS, ...DTMF_COLS], (f) => 2 * Math.cos((2 * Math.PI * f) / rate));
  }

  /** Feeds samples; returns the events they completed, in order. */
  process(samples: ArrayLike<number>): DtmfToneEvent[] {
    const events: DtmfToneEvent[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.buf[this.len++] = samples[i] ?? 0;
      this.total++;
      if (this.len === this.n) {
        const windowStart = this.total - this.n;
        this.step(this.classify(), windowStart, events);
        this.buf.copyWithin(0, this.hop, this.n);
        this.len = this.n - this.hop;
      }
    }
    return events;
  }

  /** Forgets any tone in progress (e.g. when the stream restarts). */
  reset(): void {
    this.len = 0;
    this.state = 'idle';
    this.digit = '';
    this.misses = 0;
  }

  private step(hit: string | null, windowStart: number, events: DtmfToneEvent[]): void {
    switch (this.state) {
      case 'idle':
        if (hit !== null) this.toCandidate(hit, windowStart);
        return;
      case 'candidate':
        if (hit === this.digit) {
          this.state = 'on';
          this.misses = 0;
          events.push({ type: 'begin', digit: this.digit, sample: this.beganAt });
        } else if (hit !== null) this.toCandidate(hit, windowStart);
        else this.state = 'idle';
        return;
      case 'on':
        if (hit === this.digit) {
          this.misses = 0;
          return;
        }
        this.misses++;
        // One odd window (a click, a codec glitch) does not end the key; two do, or another digit.
        if (this.misses >= 2 || hit !== null) {
          const end = windowStart + this.n - this.hop * (this.misses - 1) - this.hop;
          const durationMs = Math.max(0, ((end - this.beganAt) * 1000) / this.rate);
          events.push({ type: 'end', digit: this.digit, sample: end, durationMs: Math.round(durationMs) });
          if (hit !== null) this.toCandidate(hit, windowStart);
          else this.state = 'idle';
        }
        return;
    }
  }

  private toCandidate(digit: string, windowStart: number): void {
    this.state = 'candidate';
    this.digit = digit;
    this.beganAt = windowStart;
  }

  /** The digit this window holds, or null. */
  private classify(): string | null {
    const n = this.n;
    const buf = this.buf;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += (buf[i] ?? 0) ** 2;
    // Two tones of at least minPower each carry at least 4·minPower/N of energy: skip the rest.
    if (energy * n < 4 * this.minPower) return null;
    // The eight Goertzel filters (goertzel.ts) run together in one pass over the window.
    const { s1, s2, coeff, power } = this;
    s1.fill(0);
    s2.fill(0);
    for (let i = 0; i < n; i++) {
      const x = buf[i] ?? 0;
      for (let k = 0; k < 8; k++) {
        const a = s1[k] ?? 0;
        const s0 = x + (coeff[k] ?? 0) * a - (s2[k] ?? 0);
        s2[k] = a;
        s1[k] = s0;
      }
    }
    for (let k = 0; k < 8; k++) {
      const a = s1[k] ?? 0;
      const b = s2[k] ?? 0;
      power[k] = a * a + b * b - (coeff[k] ?? 0) * a * b;
    }
    const rows = [power[0] ?? 0, power[1] ?? 0, power[2] ?? 0, power[3] ?? 0];
    const cols = [power[4] ?? 0, power[5] ?? 0, power[6] ?? 0, power[7] ?? 0];
    const r = argmax(rows);
    const c = argmax(cols);
    const rowP = rows[r] ?? 0;
    const colP = cols[c] ?? 0;
    if (rowP < this.minPower || colP < this.minPower) return null;
    if (rowP > colP * this.normalTwist || colP > rowP * this.reverseTwist) return null;
    if (!clearPeak(rows, r) || !clearPeak(cols, c)) return null;
    const purity = (2 * (rowP + colP)) / (n * energy);
    if (purity < this.minPurity) return null;
    return DTMF_KEYPAD[r]?.[c] ?? null;
  }
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

/** The peak must stand 8 dB (×6.3 in power) above every other frequency of its group. */
function clearPeak(values: number[], peak: number): boolean {
  const p = values[peak] ?? 0;
  return values.every((v, i) => i === peak || v * 6.3 <= p);
}
