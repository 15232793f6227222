import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bearer secrets (session tokens, CSRF tokens, API keys). Only a SHA-256 of a session token
 * or API key is stored: a leaked table does not let anyone sign in. 256 bits of randomness make a
 * slow hash unnecessary — nobody can brute-force the pre-image.
 */
export const TOKEN_BYTES = 32;
export const API_KEY_PREFIX = 'hk_';

/** 256 random bits, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A new API key: `hk_` + 256 random bits. Shown once; only `hashToken(key)` is stored. */
export function newApiKey(): string {
  return API_KEY_PREFIX + newToken();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings of possibly different lengths. */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** The well-formedness of a presented token (43 base64url characters), checked before any lookup. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && looksLikeToken(value.slice(API_KEY_PREFIX.length));
}
