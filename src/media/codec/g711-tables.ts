// Lookup tables over the G.711 functions, built once at load: the relay's hot path is a table
// lookup per byte. PCMU↔PCMA transcoding maps through linear (decode then encode).

import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from './g711.ts';

export const ULAW_TO_LINEAR = Int16Array.from({ length: 256 }, (_, c) => ulawToLinear(c));
export const ALAW_TO_LINEAR = Int16Array.from({ length: 256 }, (_, c) => alawToLinear(c));

/** Index: the 16-bit sample as unsigned (sample & 0xffff). */
const LINEAR_TO_ULAW = new Uint8Array(65536);
const LINEAR_TO_ALAW = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) {
  const sample = i >= 32768 ? i - 65536 : i;
  LINEAR_TO_ULAW[i] = linearToUlaw(sample);
  LINEAR_TO_ALAW[i] = linearToAlaw(sample);
}

export const ULAW_TO_ALAW = Uint8Array.from({ length: 256 }, (_, c) => linearToAlaw(ulawToLinear(c)));
export const ALAW_TO_ULAW = Uint8Array.from({ length: 256 }, (_, c) => linearToUlaw(alawToLinear(c)));

export type G711Law = 'ulaw' | 'alaw';

/** The 256-entry byte → 16-bit linear table of a law (for callers that decode in their own loop). */
export function g711DecodeTable(law: G711Law): Int16Array {
  return law === 'ulaw' ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
}

/** Decodes G.711 bytes into `out` (which must hold `src.length` samples). */
export function decodeG711(law: G711Law, src: Uint8Array, out: Int16Array): void {
  decodeG711Strided(g711DecodeTable(law), src, 0, src.length, out, 0, 1);
}

/**
 * Decodes `src[start, end)` through `table` into every `stride`-th slot of `out` from `at` — one
 * channel of an interleaved buffer — with no allocation. `out` must hold the last slot written.
 */
export function decodeG711Strided(table: Int16Array, src: Uint8Array, start: number, end: number, out: Int16Array, at: number, stride: number): void {
  // A byte always indexes inside the 256-entry table: the casts only tell the compiler so.
  for (let i = start, o = at; i < end; i++, o += stride) out[o] = table[src[i] as number] as number;
}

/** Encodes samples into `out` (which must hold `src.length` bytes). */
export function encodeG711(law: G711Law, src: Int16Array, out: Uint8Array): void {
  const table = law === 'ulaw' ? LINEAR_TO_ULAW : LINEAR_TO_ALAW;
  for (let i = 0; i < src.length; i++) out[i] = table[(src[i] ?? 0) & 0xffff] ?? 0;
}

/** Transcodes in place between the two laws (PCMU↔PCMA relay). */
export function transcodeG711InPlace(from: G711Law, to: G711Law, bytes: Uint8Array, start = 0, end = bytes.length): void {
  if (from === to) return;
  const table = from === 'ulaw' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
  for (let i = start; i < end; i++) bytes[i] = table[bytes[i] ?? 0] ?? 0;
}

/** The G.711 byte of silence (linear 0): 0xFF for µ-law, 0xD5 for A-law. */
export function silenceByte(law: G711Law): number {
  return law === 'ulaw' ? 0xff : 0xd5;
}

// ---- byte-domain helpers for G.711 recordings (the recorder keeps µ-law bytes, not PCM) ----

/** The byte → byte table from one law to the other (for strided copies), undefined when they are the same. */
export function g711TranscodeTable(from: G711Law, to: G711Law): Uint8Array | undefined {
  if (from === to) return undefined;
  return from === 'ulaw' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
}

/**
 * Copies G.711 bytes `src[start, end)` into every `stride`-th byte of `out` from `at` (one channel
 * of an interleaved buffer), through `table` when given (transcoding), as they are otherwise.
 */
export function copyG711Strided(table: Uint8Array | undefined, src: Uint8Array, start: number, end: number, out: Uint8Array, at: number, stride: number): void {
  if (table) {
    for (let i = start, o = at; i < end; i++, o += stride) out[o] = table[src[i] as number] as number;
  } else if (stride === 1) {
    out.set(src.subarray(start, end), at);
  } else {
    for (let i = start, o = at; i < end; i++, o += stride) out[o] = src[i] as number;
  }
}

/** Encodes linear samples `src[start, end)` to `law` into every `stride`-th byte of `out` from `at`. */
export function encodeG711Strided(law: G711Law, src: Int16Array, start: number, end: number, out: Uint8Array, at: number, stride: number): void {
  const table = law === 'ulaw' ? LINEAR_TO_ULAW : LINEAR_TO_ALAW;
  for (let i = start, o = at; i < end; i++, o += stride) out[o] = table[(src[i] as number) & 0xffff] as number;
}
