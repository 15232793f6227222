import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Clock } from '../../kernel/clock.ts';

export type NonceState = 'valid' | 'stale' | 'invalid';

/**
 * Stateless nonces: `<issued-ms base36>.<random>.<HMAC-SHA256(secret, issued.random.realm)>`.
 * Any node holding the secret can check one without storage; age past the TTL makes it stale
 * (RFC 7616 §3.3: "stale: ... the previous request from the client was rejected because the
 * nonce value was stale").
 */
export class NonceIssuer {
  constructor(
    private readonly secret: Buffer,
    private readonly realm: string,
    private readonly ttlMs: number,
    /** Nonces carry wall time, so every node holding the secret reads their age alike. */
    private readonly clock: Pick<Clock, 'wallNow'>,
  ) {}

  issue(): string {
    const body = `${Math.floor(this.clock.wallNow()).toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  check(nonce: string): NonceState {
    const dot = nonce.lastIndexOf('.');
    if (dot <= 0) return 'invalid';
    const body = nonce.slice(0, dot);
    const given = Buffer.from(nonce.slice(dot + 1), 'utf8');
    const expected = Buffer.from(this.mac(body), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const issued = parseInt(body.slice(0, body.indexOf('.')), 36);
    const age = this.clock.wallNow() - issued;
    // A nonce from the future (clock skew between nodes beyond a minute) is not trusted either.
    if (!Number.isFinite(age) || age < -60_000 || age > this.ttlMs) return 'stale';
    return 'valid';
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`${body}.${this.realm}`).digest('base64url').slice(0, 22);
  }
}
