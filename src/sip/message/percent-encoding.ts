// RFC 3261 §25.1 `escaped = "%" HEXDIG HEXDIG`, over the UTF-8 bytes of the text.

/** Decodes %HH escapes (the caller has checked they are well formed). */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 37 && i + 2 < bytes.length) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number), 16);
      i += 2;
    } else out[n++] = b;
  }
  return out.toString('utf8', 0, n);
}

/** Escapes every byte not in `allowed` (an ASCII lookup table). */
export function percentEncode(s: string, allowed: Uint8Array): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || allowed[c] !== 1) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += b < 128 && allowed[b] === 1 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
