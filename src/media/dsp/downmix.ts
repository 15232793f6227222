// Channel down-mix: interleaved multi-channel samples → one channel, the average of all channels
// (so a stereo file whose channels are equal keeps its level and never clips).

/** Averages `channels` interleaved channels into one; a trailing partial frame is dropped. */
export function downmixToMono(interleaved: ArrayLike<number>, channels: number): Float32Array {
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`bad channel count ${channels}`);
  const frames = Math.floor(interleaved.length / channels);
  const out = new Float32Array(frames);
  if (channels === 1) {
    for (let i = 0; i < frames; i++) out[i] = interleaved[i] ?? 0;
    return out;
  }
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c] ?? 0;
    out[i] = sum / channels;
  }
  return out;
}

/** Interleaves two equal-length mono channels into stereo (left, right, left, right, …). */
export function interleaveStereo(left: Int16Array, right: Int16Array, out = new Int16Array(left.length * 2)): Int16Array {
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i] ?? 0;
    out[2 * i + 1] = right[i] ?? 0;
  }
  return out;
}
