import { digestHash } from './digest-algorithm.ts';
import type { DigestAlgorithm } from './digest-algorithm.ts';

/** HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2), what a user store keeps. */
export function computeHa1(username: string, realm: string, password: string, algorithm: DigestAlgorithm = 'MD5'): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestInputs {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password), lower-case hex. */
  ha1: string;
  /** With -sess: "A1 = H( unq(username) ":" unq(realm) ":" passwd ) ":" unq(nonce-prime) ":" unq(cnonce-prime)" (RFC 7616 §3.4.2). */
  sess?: boolean;
  method: string;
  uri: string;
  nonce: string;
  /** qop=auth with nc and cnonce, or none for RFC 2069 style. */
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}

/**
 * response = KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" unq(qop) ":" H(A2)) with
 * A2 = Method ":" request-uri (RFC 7616 §3.4.1, §3.4.3); without qop,
 * response = KD(H(A1), unq(nonce) ":" H(A2)) (RFC 2617 §3.2.2.1).
 */
export function computeDigestResponse(i: DigestInputs): string {
  const ha1 = i.sess ? digestHash(i.algorithm, `${i.ha1}:${i.nonce}:${i.cnonce ?? ''}`) : i.ha1;
  const ha2 = digestHash(i.algorithm, `${i.method}:${i.uri}`);
  if (i.qop === 'auth') return digestHash(i.algorithm, `${ha1}:${i.nonce}:${i.nc ?? ''}:${i.cnonce ?? ''}:auth:${ha2}`);
  return digestHash(i.algorithm, `${ha1}:${i.nonce}:${ha2}`);
}
