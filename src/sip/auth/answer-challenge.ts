import { randomBytes } from 'node:crypto';
import { ALGORITHM_PREFERENCE, parseAlgorithm } from './digest-algorithm.ts';
import { DigestChallengeError } from './digest-challenge-error.ts';
import { formatAuthValue, parseAuthValue } from './digest-params.ts';
import type { AuthValue } from './digest-params.ts';
import { computeDigestResponse, computeHa1 } from './digest-response.ts';

export interface AnswerOptions {
  username: string;
  password: string;
  method: string;
  /** The Request-URI of the request being authorized, as written on the wire. */
  uri: string;
  /** Defaults to 16 random bytes, base64url. */
  cnonce?: string;
  /** Nonce count for this nonce, default 1. */
  nc?: number;
}

function parseChallenge(value: string): AuthValue {
  let v: AuthValue;
  try {
    v = parseAuthValue(value);
  } catch {
    throw new DigestChallengeError('malformed challenge');
  }
  if (v.scheme.toLowerCase() !== 'digest') throw new DigestChallengeError(`scheme ${v.scheme}`);
  return v;
}

/**
 * Client side (the platform answering a trunk's 401/407): returns the Authorization /
 * Proxy-Authorization value for one WWW-Authenticate / Proxy-Authenticate value (RFC 3261
 * §22.2, RFC 7616 §3.4). Throws DigestChallengeError when it cannot be answered.
 */
export function answerChallenge(challenge: string, o: AnswerOptions): string {
  const p = parseChallenge(challenge).params;
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  if (realm === undefined || nonce === undefined) throw new DigestChallengeError('realm or nonce missing');
  const alg = parseAlgorithm(p.get('algorithm'));
  if (alg === undefined) throw new DigestChallengeError(`algorithm ${p.get('algorithm') ?? ''}`);
  const offered = p.get('qop')?.split(',').map((q) => q.trim().toLowerCase());
  if (offered !== undefined && !offered.includes('auth')) throw new DigestChallengeError('qop auth not offered');
  const qop = offered === undefined ? undefined : 'auth' as const;
  const cnonce = o.cnonce ?? randomBytes(16).toString('base64url');
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const ha1 = computeHa1(o.username, realm, o.password, alg.base);
  const response = computeDigestResponse({ algorithm: alg.base, ha1, sess: alg.sess, method: o.method, uri: o.uri, nonce, ...(qop === undefined ? { cnonce } : { qop, nc, cnonce }) });
  const params: [string, string, 'token' | 'quoted'][] = [
    ['username', o.username, 'quoted'], ['realm', realm, 'quoted'], ['nonce', nonce, 'quoted'], ['uri', o.uri, 'quoted'],
    ['response', response, 'quoted'], ['algorithm', p.get('algorithm') ?? 'MD5', 'token'],
  ];
  if (qop !== undefined) params.push(['qop', qop, 'token'], ['nc', nc, 'token'], ['cnonce', cnonce, 'quoted']);
  const opaque = p.get('opaque');
  if (opaque !== undefined) params.push(['opaque', opaque, 'quoted']);
  return formatAuthValue('Digest', params);
}

/** The strongest challenge among several (a server may offer SHA-256 and MD5), or undefined. */
export function pickChallenge(values: readonly string[]): string | undefined {
  let best: { value: string; rank: number } | undefined;
  for (const value of values) {
    let v: AuthValue;
    try {
      v = parseChallenge(value);
    } catch {
      continue;
    }
    const alg = parseAlgorithm(v.params.get('algorithm'));
    if (alg === undefined) continue;
    const rank = ALGORITHM_PREFERENCE.indexOf(alg.base);
    if (best === undefined || rank < best.rank) best = { value, rank };
  }
  return best?.value;
}
