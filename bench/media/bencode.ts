// Bencode (the BitTorrent encoding rtpengine's ng control protocol uses): strings, integers,
// lists and dictionaries with sorted keys.

export type Bencoded = string | number | Bencoded[] | { [key: string]: Bencoded };

export function bencode(v: Bencoded): Buffer {
  if (typeof v === 'number') return Buffer.from(`i${Math.trunc(v)}e`);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([Buffer.from(`${b.length}:`), b]);
  }
  if (Array.isArray(v)) return Buffer.concat([Buffer.from('l'), ...v.map(bencode), Buffer.from('e')]);
  const keys = Object.keys(v).sort();
  return Buffer.concat([Buffer.from('d'), ...keys.flatMap((k) => [bencode(k), bencode(v[k] as Bencoded)]), Buffer.from('e')]);
}

export function bdecode(buf: Buffer): Bencoded {
  const [value, end] = decodeAt(buf, 0);
  if (end !== buf.length) throw new Error(`trailing bytes after bencoded value at ${end}`);
  return value;
}

function decodeAt(buf: Buffer, at: number): [Bencoded, number] {
  const c = String.fromCharCode(buf[at] ?? 0);
  if (c === 'i') {
    const end = buf.indexOf('e', at);
    if (end < 0) throw new Error('unterminated integer');
    return [Number(buf.subarray(at + 1, end).toString()), end + 1];
  }
  if (c === 'l') {
    const out: Bencoded[] = [];
    let p = at + 1;
    while (buf[p] !== 0x65) {
      if (p >= buf.length) throw new Error('unterminated list');
      const [v, next] = decodeAt(buf, p);
      out.push(v);
      p = next;
    }
    return [out, p + 1];
  }
  if (c === 'd') {
    const out: { [key: string]: Bencoded } = {};
    let p = at + 1;
    while (buf[p] !== 0x65) {
      if (p >= buf.length) throw new Error('unterminated dictionary');
      const [k, afterKey] = decodeAt(buf, p);
      const [v, next] = decodeAt(buf, afterKey);
      out[String(k)] = v;
      p = next;
    }
    return [out, p + 1];
  }
  if (c >= '0' && c <= '9') {
    const colon = buf.indexOf(':', at);
    if (colon < 0) throw new Error('unterminated string length');
    const len = Number(buf.subarray(at, colon).toString());
    return [buf.subarray(colon + 1, colon + 1 + len).toString('utf8'), colon + 1 + len];
  }
  throw new Error(`bad bencode at ${at}: ${JSON.stringify(c)}`);
}
