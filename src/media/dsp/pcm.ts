// The engine's internal audio unit: linear 16-bit PCM, 8 kHz, mono, 20 ms frames (160 samples).
// Every pure core under src/media works on these; G.711 bytes exist only at the RTP edge.

/** Internal sample rate (G.711, RFC 3551 §4.5.14). */
export const SAMPLE_RATE = 8000;
/** Frame length in ms: the default RTP packetisation time (RFC 3551 §4.2 "default packetization interval of 20 ms"). */
export const FRAME_MS = 20;
/** Samples per 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** Clips a number to the signed 16-bit range (saturating, never wrapping). */
export function clip16(value: number): number {
  if (value > 32767) return 32767;
  if (value < -32768) return -32768;
  return Math.round(value);
}

/** A new zeroed frame of `FRAME_SAMPLES` samples. */
export function silentFrame(): Int16Array {
  return new Int16Array(FRAME_SAMPLES);
}

/** Converts milliseconds to a sample count at `rate`, rounded to the nearest sample. */
export function msToSamples(ms: number, rate = SAMPLE_RATE): number {
  return Math.round((ms * rate) / 1000);
}

/** Root-mean-square level of the samples, in the 0..32768 range. */
export function rms(samples: Int16Array, start = 0, end = samples.length): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / (end - start));
}
