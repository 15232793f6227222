import { createHash } from 'node:crypto';

/**
 * SIP digest HA1 for the platform realm, so the plain SIP password is never stored.
 * RFC 7616 §3.4.2: "A1 = unq(username) ":" unq(realm) ":" passwd" and HA1 = H(A1), with H MD5 or
 * SHA-256 as the challenge's algorithm says (RFC 8760 brings SHA-256 to SIP).
 * (Kept here until `src/sip/auth` exports `computeHa1`; the formula is the same.)
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

export function sipHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  const hash = algorithm === 'MD5' ? 'md5' : 'sha256';
  return createHash(hash).update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}
