/**
 * The `Range` request header (RFC 9110 §14), pure: what part of a file of `size` bytes a request
 * asks for. One range is served (a player seeking asks for one); a list of ranges gets the first
 * (allowed: a server may serve less than asked). A header that is not a `bytes=` range at all is
 * ignored (the whole file, as the RFC says); a well-formed range that lies outside the file is
 * unsatisfiable (416).
 */
export type ByteRange = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

const SPEC = /^\s*(\d*)\s*-\s*(\d*)\s*$/;

export function byteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const first = (m[1] ?? '').split(',')[0] ?? '';
  const spec = SPEC.exec(first);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'unsatisfiable' };
  const [, a = '', b = ''] = spec;
  if (a === '') {
    // bytes=-N: the last N bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || (b !== '' && Number(b) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end };
}
