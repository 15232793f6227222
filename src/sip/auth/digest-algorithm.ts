import { createHash } from 'node:crypto';

/** Digest algorithms (RFC 7616 §3.2, RFC 8760 for SIP). `-sess` variants are used by clients only. */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';
export type DigestAlgorithmToken = DigestAlgorithm | `${DigestAlgorithm}-sess`;

const NODE_HASH: Record<DigestAlgorithm, string> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

/** Strongest first: the order of challenges "in the order of preference" (RFC 7616 §3.7, RFC 8760 §2.4). */
export const ALGORITHM_PREFERENCE: readonly DigestAlgorithm[] = ['SHA-512-256', 'SHA-256', 'MD5'];

/**
 * Canonical token for an algorithm name (case-insensitive), undefined when unknown. "If this
 * is not present, it is assumed to be "MD5"" (RFC 2617 §3.2.1).
 */
export function parseAlgorithm(name: string | undefined): { base: DigestAlgorithm; sess: boolean } | undefined {
  if (name === undefined) return { base: 'MD5', sess: false };
  const upper = name.toUpperCase();
  const sess = upper.endsWith('-SESS');
  const base = sess ? upper.slice(0, -5) : upper;
  for (const a of ALGORITHM_PREFERENCE) if (a === base) return { base: a, sess };
  return undefined;
}

/** H(data): lower-case hex of the algorithm's hash over the UTF-8 bytes. */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(NODE_HASH[algorithm]).update(data, 'utf8').digest('hex');
}
