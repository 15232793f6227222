// The Goertzel algorithm: the power of one frequency in a block of samples, in N multiply-adds,
// without a full FFT. Used by the in-band DTMF detector and by tests that measure frequency.

/**
 * Squared magnitude of the DFT of `samples[start..start+length)` at `freq` Hz (any frequency, not
 * only bin centres). A full-scale-relative sine of amplitude A gives about (A·N/2)².
 */
export function goertzelPower(
  samples: ArrayLike<number>,
  freq: number,
  rate: number,
  start = 0,
  length = samples.length - start,
): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < start + length; i++) {
    const s0 = (samples[i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/**
 * Fraction (0..1) of the block's energy that sits at `freq`: 1 for a pure sine at that frequency,
 * near 0 for unrelated sound. Independent of level, so thresholds are too.
 */
export function goertzelRatio(samples: ArrayLike<number>, freq: number, rate: number, start = 0, length = samples.length - start): number {
  let energy = 0;
  for (let i = start; i < start + length; i++) {
    const v = samples[i] ?? 0;
    energy += v * v;
  }
  if (energy === 0 || length === 0) return 0;
  return (2 * goertzelPower(samples, freq, rate, start, length)) / (length * energy);
}
