/**
 * Splits an SMS text into the `short_message` octets of SMPP submit_sm PDUs.
 *
 * Coding (SMPP 3.4 §5.2.19 data_coding): text entirely in the GSM 03.38 default alphabet goes as
 * 0x00 (SMSC default alphabet, one septet per octet, unpacked as SMPP carries it); anything else —
 * Chinese in particular — as 0x08 UCS2 (big-endian UTF-16).
 *
 * Length (3GPP TS 23.040 §9.2.3.24.1, concatenated short messages): one message carries 140 octets:
 * 160 GSM characters or 70 UCS2 code units. A longer text is split into parts, each starting with
 * a 6-octet User Data Header `05 00 03 <ref> <total> <seq>` (IEI 0x00, 8-bit reference), leaving
 * 153 GSM characters or 67 UCS2 units per part, and esm_class gets the UDHI bit (0x40, SMPP 3.4
 * §5.2.12). A part never ends inside a surrogate pair or a GSM escape sequence.
 */
import smpp from 'smpp';

export type SmsCoding = 'gsm7' | 'ucs2';

export interface SmsSegment {
  /** UDH (when concatenated) followed by the encoded text. */
  shortMessage: Buffer;
  dataCoding: 0x00 | 0x08;
  /** 0x40 (UDHI) for a part of a concatenated message, else 0. */
  esmClass: 0x00 | 0x40;
}

export const MAX_PARTS = 255;
const SINGLE_OCTETS = 140;
const UDH_OCTETS = 6;

export function codingFor(text: string): SmsCoding {
  return smpp.encodings.ASCII.match(text) ? 'gsm7' : 'ucs2';
}

/** One octet string per character: a GSM escape pair stays whole, a surrogate pair stays whole. */
function encodeChars(text: string, coding: SmsCoding): Buffer[] {
  const out: Buffer[] = [];
  for (const ch of text) out.push(coding === 'gsm7' ? smpp.encodings.ASCII.encode(ch) : smpp.encodings.UCS2.encode(ch));
  return out;
}

function pack(chars: Buffer[], limit: number): Buffer[] {
  const parts: Buffer[] = [];
  let current: Buffer[] = [];
  let size = 0;
  for (const c of chars) {
    if (size + c.length > limit) {
      parts.push(Buffer.concat(current));
      current = [];
      size = 0;
    }
    current.push(c);
    size += c.length;
  }
  if (current.length > 0 || parts.length === 0) parts.push(Buffer.concat(current));
  return parts;
}

/**
 * The PDUs' payloads for `text`; `reference` is the concatenation reference (0–255) shared by the
 * parts of one message. Throws RangeError past 255 parts.
 */
export function splitSms(text: string, reference: number): SmsSegment[] {
  const coding = codingFor(text);
  const dataCoding = coding === 'gsm7' ? 0x00 : 0x08;
  const chars = encodeChars(text, coding);
  const total = chars.reduce((n, c) => n + c.length, 0);
  // SMPP carries GSM septets one per octet, so 160 septets fit where 140 packed octets would.
  const capacity = (octets: number) => (coding === 'gsm7' ? Math.floor((octets * 8) / 7) : octets);
  if (total <= capacity(SINGLE_OCTETS)) return [{ shortMessage: Buffer.concat(chars), dataCoding, esmClass: 0x00 }];
  // With a 6-octet UDH, GSM text must also stay septet-aligned: 134 octets → 153 septets.
  const perPart = coding === 'gsm7' ? 153 : SINGLE_OCTETS - UDH_OCTETS;
  const bodies = pack(chars, perPart);
  if (bodies.length > MAX_PARTS) throw new RangeError(`SMS text needs ${bodies.length} parts; at most ${MAX_PARTS}`);
  const ref = reference & 0xff;
  return bodies.map((body, i) => ({
    shortMessage: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, bodies.length, i + 1]), body]),
    dataCoding,
    esmClass: 0x40,
  }));
}
