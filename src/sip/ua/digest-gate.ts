/**
 * Digest challenge/verify around a server transaction (RFC 3261 §22): 401 + WWW-Authenticate for
 * a registrar, 407 + Proxy-Authenticate for calls. Unknown user and wrong password get the same
 * answer, so the gate cannot be used to enumerate accounts.
 */
import { createResponse } from '../message/create-response.ts';
import type { DigestAuthenticator } from '../auth/digest-authenticator.ts';
import type { ServerTransaction } from '../endpoint/sip-endpoint-types.ts';

export type Ha1Lookup = (username: string, realm: string, algorithm: string) => Promise<string | undefined>;

const HEADERS = {
  www: { status: 401, challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  proxy: { status: 407, challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;

export class DigestGate {
  constructor(
    private readonly authenticator: DigestAuthenticator,
    private readonly lookupHa1: Ha1Lookup,
  ) {}

  /** Resolves the authenticated user, or answers the challenge itself and resolves undefined. */
  async authenticate(tx: ServerTransaction, kind: 'www' | 'proxy'): Promise<{ username: string } | undefined> {
    const h = HEADERS[kind];
    const req = tx.request;
    // A request may carry credentials for several realms; ours is the one that verifies.
    let stale = false;
    for (const credentials of req.headers.getAll(h.credentials)) {
      const result = await this.authenticator.verify(req.method, credentials, this.lookupHa1);
      if (result.ok) return { username: result.username };
      stale ||= result.stale;
    }
    const res = createResponse(req, h.status);
    for (const value of this.authenticator.challenge({ stale })) res.headers.append(h.challenge, value);
    tx.respond(res);
    return undefined;
  }
}
