/**
 * Finds a known sound in what a peer received: RTP payloads (G.711) decoded and searched for
 * a slice of a WAV by normalised cross-correlation. Proves that RTP carried that audio (a prompt,
 * the hold music), not just packets.
 */
import { readFileSync } from 'node:fs';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from '../../src/media/codec/g711-tables.ts';
import { wavTo8kMono } from '../../src/media/wav/wav-reader.ts';

/** The PCM of G.711 RTP packets (PCMU 0, PCMA 8) in arrival order (12-byte headers, no extensions or CSRCs). */
export function decodeG711Rtp(packets: readonly Buffer[]): Int16Array {
  const audio = packets.filter((p) => p.length > 12 && ((p[1]! & 0x7f) === 0 || (p[1]! & 0x7f) === 8));
  const out = new Int16Array(audio.reduce((n, p) => n + p.length - 12, 0));
  let at = 0;
  for (const p of audio) {
    const table = (p[1]! & 0x7f) === 8 ? ALAW_TO_LINEAR : ULAW_TO_LINEAR;
    for (let i = 12; i < p.length; i++) out[at++] = table[p[i]!]!;
  }
  return out;
}

/** The loudest `ms` of a WAV (8 kHz mono after conversion) within its first `withinMs`: the slice to look for. */
export function wavSlice(path: string, ms = 250, withinMs = Infinity): Int16Array {
  const all = wavTo8kMono(readFileSync(path));
  const pcm = all.subarray(0, Math.min(all.length, withinMs * 8));
  const n = Math.min(pcm.length, (ms * 8) | 0);
  let best = 0;
  let bestEnergy = -1;
  for (let s = 0; s + n <= pcm.length; s += 80) {
    let e = 0;
    for (let i = 0; i < n; i += 4) e += Math.abs(pcm[s + i]!);
    if (e > bestEnergy) [best, bestEnergy] = [s, e];
  }
  return pcm.slice(best, best + n);
}

/** The best normalised correlation (−1…1) of `needle` anywhere in `haystack`. */
export function bestMatch(haystack: Int16Array, needle: Int16Array): number {
  const n = needle.length;
  let nn = 0;
  for (let i = 0; i < n; i++) nn += needle[i]! * needle[i]!;
  let best = 0;
  for (let s = 0; s + n <= haystack.length; s++) {
    let dot = 0;
    let hh = 0;
    for (let i = 0; i < n; i++) {
      const h = haystack[s + i]!;
      dot += h * needle[i]!;
      hh += h * h;
    }
    if (hh > 0) best = Math.max(best, dot / Math.sqrt(hh * nn));
  }
  return best;
}
