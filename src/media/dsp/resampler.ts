// Sample-rate conversion by windowed-sinc interpolation (Kaiser window), any ratio: 16 k, 22.05 k,
// 44.1 k, 48 k → 8 k for prompts and TTS output (converted once, then cached), and up again when a
// test needs it. When going down, the low-pass cutoff sits below the new Nyquist so nothing above
// ~3.6 kHz folds back into the telephone band.
//
//   const pcm8k = resample(float32Samples, 44100);          // → Float32Array at 8000 Hz
//
// Works on one channel of floats (any scale); down-mix first (downmix.ts).

import { SAMPLE_RATE } from './pcm.ts';

export interface ResampleOptions {
  /** Zero crossings of the sinc on each side; quality vs cost. Default 16. */
  zeroCrossings?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency. Default 0.9. */
  rolloff?: number;
  /** Kaiser window beta. Default 8 (about 80 dB stop band). */
  beta?: number;
}

const TABLE_STEPS = 256;

/** Resamples one channel from `fromRate` to `toRate` (default 8000), in one go. */
export function resample(input: ArrayLike<number>, fromRate: number, toRate = SAMPLE_RATE, opts: ResampleOptions = {}): Float32Array {
  const job = plan(input, fromRate, toRate, opts);
  job.run(0, job.out.length);
  return job.out;
}

/**
 * The same, yielding to the event loop every `chunk` output samples (default 4000, ~5 ms of CPU
 * at 48 kHz), so converting a ten-minute hold-music file never stalls the 20 ms pacing of calls.
 */
export async function resampleAsync(
  input: ArrayLike<number>,
  fromRate: number,
  toRate = SAMPLE_RATE,
  opts: ResampleOptions & { chunk?: number } = {},
): Promise<Float32Array> {
  const job = plan(input, fromRate, toRate, opts);
  const chunk = Math.max(1, opts.chunk ?? 4000);
  for (let n = 0; n < job.out.length; n += chunk) {
    job.run(n, Math.min(job.out.length, n + chunk));
    if (n + chunk < job.out.length) await new Promise<void>((r) => setImmediate(r));
  }
  return job.out;
}

interface ResampleJob {
  out: Float32Array;
  /** Computes output samples [from, to). */
  run(from: number, to: number): void;
}

function plan(input: ArrayLike<number>, fromRate: number, toRate: number, opts: ResampleOptions): ResampleJob {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`bad sample rates ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return { out: Float32Array.from(input), run: () => undefined };
  const zc = opts.zeroCrossings ?? 16;
  const ratio = toRate / fromRate;
  // Cutoff in cycles per input sample; below both Nyquists.
  const cutoff = 0.5 * Math.min(1, ratio) * (opts.rolloff ?? 0.9);
  const table = kernelTable(zc, opts.beta ?? 8);
  // Half-width of the kernel in input samples: zc zero crossings of a sinc at `cutoff`.
  const half = zc / (2 * cutoff);
  const out = new Float32Array(Math.floor((input.length * toRate) / fromRate));
  const gain = 2 * cutoff;
  const run = (from: number, to: number): void => {
    for (let n = from; n < to; n++) {
      const t = n / ratio; // position in input samples
      const first = Math.max(0, Math.ceil(t - half));
      const last = Math.min(input.length - 1, Math.floor(t + half));
      let acc = 0;
      for (let k = first; k <= last; k++) {
        // Distance in zero crossings of the sinc.
        const x = Math.abs((t - k) * 2 * cutoff);
        acc += (input[k] ?? 0) * lookup(table, x, zc);
      }
      out[n] = acc * gain;
    }
  };
  return { out, run };
}

/** sinc(x)·kaiser(x) tabulated at TABLE_STEPS points per zero crossing, x in [0, zc]. */
function kernelTable(zc: number, beta: number): Float64Array {
  const size = zc * TABLE_STEPS + 2;
  const table = new Float64Array(size);
  const i0beta = besselI0(beta);
  for (let i = 0; i < size; i++) {
    const x = i / TABLE_STEPS;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = x / zc;
    const w = r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
    table[i] = sinc * w;
  }
  return table;
}

function lookup(table: Float64Array, x: number, zc: number): number {
  if (x >= zc) return 0;
  const pos = x * TABLE_STEPS;
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = table[i] ?? 0;
  const b = table[i + 1] ?? 0;
  return a + (b - a) * frac;
}

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}
