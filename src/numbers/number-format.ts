/**
 * Validation, normalisation and display of 400 numbers (REQUIREMENTS N1). The canonical form is
 * the 10 national digits `4006123456`: 400 numbers are national-only (not dialable from abroad),
 * and it is the form tenants sign in with and carriers send in the Request-URI. `toE164` gives the
 * `+86…` form where an E.164 string is needed.
 */
import { carrierOf } from './carrier.ts';
import { NumberError } from './number-error.ts';

const SEPARATORS = /[\s\-().\u00a0\u3000\uff0d]/g;

/** Normalises `400-612-3456`, `4006123456`, `+86 400 612 3456`, `0086…`, `86…` to `4006123456`. */
export function normalizeNumber(input: string): string {
  const digits = tryNormalizeNumber(input);
  if (digits === undefined) {
    throw new NumberError('NUMBER_INVALID', `'${truncate(input)}' is not a 400 number (400 + 7 digits, prefix 4000/4001/4006/4007/4008/4009)`, {
      input: truncate(input),
    });
  }
  return digits;
}

/** Like `normalizeNumber`, but undefined instead of an error (for per-call lookups). */
export function tryNormalizeNumber(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  // Full-width digits (０-９) come from Chinese input methods.
  let s = input.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
  s = s.replace(SEPARATORS, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 12 && s.startsWith('86')) s = s.slice(2);
  if (!/^400\d{7}$/.test(s)) return undefined;
  if (carrierOf(s) === undefined) return undefined;
  return s;
}

export function isValidNumber(input: string): boolean {
  return tryNormalizeNumber(input) !== undefined;
}

/** Display form `400-612-3456` (the seeds' and carriers' grouping). */
export function formatNumber(input: string): string {
  const d = normalizeNumber(input);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

export function toE164(input: string): string {
  return `+86${normalizeNumber(input)}`;
}

function truncate(s: string): string {
  return typeof s === 'string' && s.length > 40 ? `${s.slice(0, 40)}…` : String(s);
}
