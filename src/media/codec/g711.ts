// ITU-T G.711 µ-law (PCMU) and A-law (PCMA) on 16-bit linear PCM.
//
// Decoding follows the standard's decoder output values (G.711 Tables 2a and 2b): µ-law
// magnitude ((2q + 33) << s) − 33 in 14-bit units, A-law 2q + 1 (segment 0) or (2q + 33) << (s − 1)
// in 13-bit units, scaled here to 16 bits (×4, ×8). Encoding is the classic segment search (the
// Sun/CCITT reference `g711.c`), which puts each linear value in the interval whose decision
// levels the standard gives. Transmitted codes are inverted as G.711 prescribes: all bits for
// µ-law, the even bits (XOR 0x55) for A-law.

// Segment end points in 14-bit (µ-law, after the bias) and 13-bit (A-law) units.
const SEG_END_U = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const SEG_END_A = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const BIAS = 0x21; // 33 in 14-bit units (0x84 in 16-bit)
const CLIP = 8159;

function segment(value: number, table: number[]): number {
  for (let i = 0; i < table.length; i++) if (value <= (table[i] ?? 0)) return i;
  return table.length;
}

/** Encodes one 16-bit linear sample to a µ-law byte. */
export function linearToUlaw(sample: number): number {
  let pcm = sample >> 2; // 14-bit
  let mask: number;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  if (pcm > CLIP) pcm = CLIP;
  pcm += BIAS;
  const seg = segment(pcm, SEG_END_U);
  if (seg >= 8) return 0x7f ^ mask;
  return (((seg << 4) | ((pcm >> (seg + 1)) & 0x0f)) ^ mask) & 0xff;
}

/** Encodes one 16-bit linear sample to an A-law byte. */
export function linearToAlaw(sample: number): number {
  let pcm = sample >> 3; // 13-bit
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5; // sign bit 1 for positive, even bits inverted
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, SEG_END_A);
  if (seg >= 8) return 0x7f ^ mask;
  let aval = seg << 4;
  aval |= seg < 2 ? (pcm >> 1) & 0x0f : (pcm >> seg) & 0x0f;
  return (aval ^ mask) & 0xff;
}

/** Decodes one µ-law byte to 16-bit linear (G.711 Table 2b values ×4). */
export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const s = (u >> 4) & 0x07;
  const q = u & 0x0f;
  const magnitude = ((2 * q + 33) << s) - 33;
  // `| 0` turns the negative zero of code 0x7F into 0.
  return ((u & 0x80 ? -magnitude : magnitude) * 4) | 0;
}

/** Decodes one A-law byte to 16-bit linear (G.711 Table 2a values ×8). */
export function alawToLinear(code: number): number {
  const a = (code ^ 0x55) & 0xff;
  const s = (a >> 4) & 0x07;
  const q = a & 0x0f;
  const magnitude = s === 0 ? 2 * q + 1 : (2 * q + 33) << (s - 1);
  return (a & 0x80 ? magnitude : -magnitude) * 8;
}
