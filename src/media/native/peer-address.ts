// A far end's IP in the one binary form both datagram paths use: 16 bytes in wire order, read as
// four int32 words, IPv4 as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2, ::ffff:a.b.c.d). Per received
// packet a source is compared as four integers and a port, no string made; the text form is made
// once, when a source is latched or an SDP address is set (stats, events, node:dgram sends).

export const ADDRESS_WORDS = 4;

export class PeerAddress {
  private constructor(
    /** The 16 address bytes as four int32 words (shared with the native addon as is). */
    readonly words: Int32Array,
    /** Dotted quad for IPv4 (mapped or not), RFC 5952 form for IPv6. */
    readonly text: string,
    readonly family: 4 | 6,
  ) {}

  /** An IP literal (v4, v6, v4-mapped v6; a zone `%eth0` is ignored); undefined for anything else. */
  static parse(text: string): PeerAddress | undefined {
    const words = new Int32Array(ADDRESS_WORDS);
    if (!writeIpWords(text, words, 0)) return undefined;
    return PeerAddress.fromWords(words, 0);
  }

  /** Copies four words (e.g. a source address in the native arena's metadata) and names them. */
  static fromWords(source: Int32Array, at: number): PeerAddress {
    const words = source.slice(at, at + ADDRESS_WORDS);
    const mapped = isMapped(words, 0);
    return new PeerAddress(words, formatIpWords(words, 0), mapped ? 4 : 6);
  }

  /** Whether `source[at..at+4)` is this address. */
  equalsAt(source: Int32Array, at: number): boolean {
    const w = this.words;
    return source[at] === w[0] && source[at + 1] === w[1] && source[at + 2] === w[2] && source[at + 3] === w[3];
  }

  /** The unspecified address (0.0.0.0 or ::): RFC 3264 §8.4 hold, no destination. */
  get unspecified(): boolean {
    const w = this.words;
    if (w[0] !== 0 || w[1] !== 0) return false;
    return (w[2] === 0 || isMapped(w, 0)) && w[3] === 0;
  }
}

const scratch = new Uint8Array(16);

/** Parses an IP literal into `out[at..at+4)`; false (out unchanged) when it is not one. */
export function writeIpWords(text: string, out: Int32Array, at: number): boolean {
  const zone = text.indexOf('%');
  const ip = zone >= 0 ? text.slice(0, zone) : text;
  scratch.fill(0);
  if (ip.includes(':')) {
    if (!parseV6(ip, scratch)) return false;
  } else {
    if (!parseV4(ip, scratch, 12)) return false;
    scratch[10] = 0xff;
    scratch[11] = 0xff;
  }
  const view = new Int32Array(scratch.buffer, scratch.byteOffset, ADDRESS_WORDS);
  out.set(view, at);
  return true;
}

function parseV4(text: string, out: Uint8Array, at: number): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return false;
    const n = Number(p);
    if (n > 255) return false;
    out[at + i] = n;
  }
  return true;
}

function parseV6(text: string, out: Uint8Array): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const bytes: number[] = [];
  const push = (list: string[], last: boolean): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i] ?? '';
      if (last && i === list.length - 1 && g.includes('.')) {
        const v4 = new Uint8Array(4);
        if (!parseV4(g, v4, 0)) return false;
        bytes.push(...v4);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        const n = parseInt(g, 16);
        bytes.push(n >> 8, n & 0xff);
      }
    }
    return true;
  };
  const headBytes: number[] = [];
  if (!push(head, halves.length === 1)) return false;
  headBytes.push(...bytes.splice(0));
  if (!push(tail, true)) return false;
  const missing = 16 - headBytes.length - bytes.length;
  if (halves.length === 1 ? missing !== 0 : missing < 2) return false;
  out.set(headBytes, 0);
  out.set(bytes, 16 - bytes.length);
  return true;
}

function isMapped(w: Int32Array, at: number): boolean {
  const bytes = new Uint8Array(w.buffer, w.byteOffset + at * 4 + 8, 4);
  return w[at] === 0 && w[at + 1] === 0 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xff && bytes[3] === 0xff;
}

/** The text of `words[at..at+4)`: dotted quad for IPv4-mapped, else RFC 5952 §4 (longest zero run as ::, lower case). */
export function formatIpWords(words: Int32Array, at: number): string {
  const b = new Uint8Array(words.buffer, words.byteOffset + at * 4, 16);
  if (isMapped(words, at)) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    // §4.2.2: "The symbol "::" MUST NOT be used to shorten just one 16-bit 0 field."
    if (j - i > bestLen && j - i >= 2) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((n) => n.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}
