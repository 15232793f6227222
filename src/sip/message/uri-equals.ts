import { percentDecode } from './percent-encoding.ts';
import type { Uri } from './uri.ts';

/** URI parameters that must match when present in either URI (RFC 3261 §19.1.4). */
const SIGNIFICANT = ['user', 'ttl', 'method', 'maddr', 'transport'];

/**
 * URI equivalence of RFC 3261 §19.1.4: user and password case-sensitive, host and scheme not;
 * "A URI omitting any component with a default value will not match a URI explicitly
 * containing that component with its default value" (so no port ≠ 5060); user, ttl, method,
 * maddr and transport must match when either URI has them; other parameters only when both
 * have them; headers must all match. Escaped and unescaped characters compare equal.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind !== b.kind || a.scheme !== b.scheme) return false;
  if (a.kind === 'absolute' || b.kind === 'absolute') return a.kind === 'absolute' && b.kind === 'absolute' && a.value === b.value;
  if (a.user !== b.user || a.password !== b.password || a.port !== b.port) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  for (const name of SIGNIFICANT) {
    if (a.params.has(name) !== b.params.has(name)) return false;
  }
  for (const [name, value] of a.params) {
    if (!b.params.has(name)) continue;
    const other = b.params.get(name) ?? null;
    if (value === null || other === null ? value !== other : !paramValueEquals(value, other)) return false;
  }
  if (a.headers.size !== b.headers.size) return false;
  for (const [name, value] of a.headers) {
    const other = b.headers.get(name);
    if (other === undefined || percentDecode(other) !== percentDecode(value)) return false;
  }
  return true;
}

function paramValueEquals(a: string, b: string): boolean {
  return percentDecode(a).toLowerCase() === percentDecode(b).toLowerCase();
}
