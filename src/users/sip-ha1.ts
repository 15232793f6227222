import { computeHa1 } from '../sip/auth/digest-response.ts';

/**
 * SIP digest HA1 for the platform realm, so the plain SIP password is never stored.
 * RFC 7616 §3.4.2: "A1 = unq(username) ":" unq(realm) ":" passwd" and HA1 = H(A1); we keep MD5
 * (what most phones still send) and SHA-256 (RFC 8760). The hash itself is `src/sip/auth`'s.
 */
export type StoredDigestAlgorithm = 'MD5' | 'SHA-256';

export function sipHa1(algorithm: StoredDigestAlgorithm, username: string, realm: string, password: string): string {
  return computeHa1(username, realm, password, algorithm);
}
