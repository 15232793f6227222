import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ALGORITHM_PREFERENCE, digestHash, parseAlgorithm } from './digest-algorithm.ts';
import type { DigestAlgorithm } from './digest-algorithm.ts';
import { formatAuthValue, parseAuthValue } from './digest-params.ts';
import type { AuthValue } from './digest-params.ts';
import { computeDigestResponse } from './digest-response.ts';
import { NonceIssuer } from './nonce-issuer.ts';
import { parseUri } from '../message/uri.ts';
import type { Uri } from '../message/uri.ts';
import { uriEquals } from '../message/uri-equals.ts';
import type { Clock } from '../../kernel/clock.ts';
import { systemClock } from '../../kernel/clock.ts';

export interface DigestAuthenticatorOptions {
  realm: string;
  /** Secret for nonce and opaque HMACs; the same on every node that must accept the nonces. */
  secret: Buffer;
  /** Nonce lifetime; older nonces get stale=true. Default 5 minutes. */
  nonceTtlMs?: number;
  clock?: Pick<Clock, 'wallNow'>;
  /**
   * Offered algorithms, challenged in this order; default SHA-256 then MD5 (RFC 8760 §2.4). The
   * order is the operator's: clients that try only the first challenge (libre/baresip) need MD5 first.
   */
  algorithms?: DigestAlgorithm[];
}

export type VerifyResult = { ok: true; username: string } | { ok: false; stale: boolean };

/** Finds H(username:realm:password) for this algorithm; undefined for an unknown user. */
export type Ha1Lookup = (username: string, realm: string, algorithm: DigestAlgorithm) => Promise<string | undefined>;

const NC = /^[0-9a-fA-F]{8}$/;
const REPLAY_MEMORY = 50_000;
const FAIL: VerifyResult = { ok: false, stale: false };

/**
 * Server side of SIP digest authentication (RFC 3261 §22.4, RFC 7616, RFC 8760) with qop=auth
 * and stateless nonces. An unknown user and a wrong password get the same answer after the
 * same work: the response is computed against a dummy HA1 and compared in constant time.
 */
export class DigestAuthenticator {
  readonly realm: string;
  private readonly issuer: NonceIssuer;
  private readonly algorithms: DigestAlgorithm[];
  private readonly opaque: string;
  private readonly dummyHa1 = new Map<DigestAlgorithm, string>();
  /** Highest nc seen per nonce, so a captured request cannot be replayed (RFC 7616 §5.11). */
  private readonly lastNc = new Map<string, number>();

  constructor(opts: DigestAuthenticatorOptions) {
    this.realm = opts.realm;
    const clock = opts.clock ?? systemClock;
    this.issuer = new NonceIssuer(opts.secret, opts.realm, opts.nonceTtlMs ?? 300_000, clock);
    const wanted = opts.algorithms ?? ['SHA-256', 'MD5'];
    this.algorithms = [...new Set(wanted)].filter((a) => ALGORITHM_PREFERENCE.includes(a));
    if (this.algorithms.length === 0) throw new RangeError('DigestAuthenticator needs at least one algorithm');
    // The opaque carries no secret (the nonce does): derived from the realm only, it stays the
    // same across restarts and nodes, so a client holding an old one is not refused for it.
    this.opaque = createHash('sha256').update(`hotline-opaque:${opts.realm}`).digest('base64url').slice(0, 22);
    for (const a of ALGORITHM_PREFERENCE) this.dummyHa1.set(a, digestHash(a, randomBytes(16).toString('hex')));
  }

  /** WWW-Authenticate / Proxy-Authenticate values, strongest algorithm first, one fresh nonce. */
  challenge(opts: { stale?: boolean } = {}): string[] {
    const nonce = this.issuer.issue();
    return this.algorithms.map((algorithm) => {
      const params: [string, string, 'token' | 'quoted'][] = [
        ['realm', this.realm, 'quoted'], ['nonce', nonce, 'quoted'], ['opaque', this.opaque, 'quoted'],
        ['algorithm', algorithm, 'token'], ['qop', 'auth', 'quoted'],
      ];
      if (opts.stale === true) params.push(['stale', 'true', 'token']);
      return formatAuthValue('Digest', params);
    });
  }

  /**
   * Checks an Authorization / Proxy-Authorization value for a request with `method`. With
   * `opts.requestUri` (the request's Request-URI), the `uri` directive must name the same URI:
   * "The authenticating server must assure that the resource designated by the "uri" directive
   * is the same as the resource specified in the Request-Line" (RFC 2617 §3.2.2.5). Leave it out
   * when a proxy in front may rewrite the Request-URI.
   */
  async verify(method: string, credentials: string, lookupHa1: Ha1Lookup, opts: { requestUri?: Uri } = {}): Promise<VerifyResult> {
    let parsed: AuthValue;
    try {
      parsed = parseAuthValue(credentials);
    } catch {
      return FAIL;
    }
    const c = this.checkFields(parsed);
    if (c === undefined) return FAIL;
    if (opts.requestUri !== undefined && !sameUri(c.uri, opts.requestUri)) return FAIL;
    const nonceState = this.issuer.check(c.nonce);
    const stored = await lookupHa1(c.username, this.realm, c.algorithm);
    const known = stored !== undefined;
    const ha1 = (stored ?? (this.dummyHa1.get(c.algorithm) as string)).toLowerCase();
    const expected = computeDigestResponse({ algorithm: c.algorithm, ha1, method, uri: c.uri, nonce: c.nonce, qop: 'auth', nc: c.nc, cnonce: c.cnonce });
    const match = constantTimeEqual(expected, c.response.toLowerCase());
    if (!match || !known) return FAIL;
    // "The server should only set stale to TRUE if it receives a request for which the nonce is
    // invalid but with a valid digest for that nonce" (RFC 2617 §3.2.1). A nonce we cannot vouch
    // for (issued before a restart with another secret, or by another node) is treated the same:
    // the client knows the password, so it should simply retry with a fresh nonce.
    if (nonceState !== 'valid') return { ok: false, stale: true };
    if (!this.freshNc(c.nonce, parseInt(c.nc, 16))) return FAIL;
    return { ok: true, username: c.username };
  }

  /** The fields a qop=auth answer must carry, checked against what we offered. */
  private checkFields(v: AuthValue) {
    if (v.scheme.toLowerCase() !== 'digest') return undefined;
    const p = v.params;
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const nc = p.get('nc');
    const cnonce = p.get('cnonce');
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
    if (p.get('realm') !== this.realm) return undefined;
    const alg = parseAlgorithm(p.get('algorithm'));
    if (alg === undefined || alg.sess || !this.algorithms.includes(alg.base)) return undefined;
    // We always offer qop="auth", so an answer without it (RFC 2069 style) is refused.
    if (p.get('qop')?.toLowerCase() !== 'auth' || nc === undefined || !NC.test(nc) || cnonce === undefined || cnonce.length === 0) return undefined;
    const opaque = p.get('opaque');
    if (opaque !== undefined && opaque !== this.opaque) return undefined;
    return { username, nonce, uri, response, nc, cnonce, algorithm: alg.base };
  }

  private freshNc(nonce: string, nc: number): boolean {
    const last = this.lastNc.get(nonce);
    if (last !== undefined && nc <= last) return false;
    this.lastNc.delete(nonce);
    this.lastNc.set(nonce, nc);
    if (this.lastNc.size > REPLAY_MEMORY) {
      const oldest = this.lastNc.keys().next().value;
      if (oldest !== undefined) this.lastNc.delete(oldest);
    }
    return true;
  }
}

function sameUri(directive: string, requestUri: Uri): boolean {
  try {
    return uriEquals(parseUri(directive), requestUri);
  } catch {
    return false;
  }
}

function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
