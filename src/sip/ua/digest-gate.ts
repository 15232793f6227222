/**
 * Digest challenge/verify around a server transaction (RFC 3261 §22): 401 + WWW-Authenticate for
 * a registrar, 407 + Proxy-Authenticate for calls. Unknown user and wrong password get the same
 * answer, so the gate cannot be used to enumerate accounts.
 */
import { createResponse } from '../message/create-response.ts';
import type { DigestAuthenticator } from '../auth/digest-authenticator.ts';
import { parseAuthValue } from '../auth/digest-params.ts';
import type { ServerTransaction, Source } from '../endpoint/sip-endpoint-types.ts';

/**
 * The HA1 of a digest user name, given where the request came from; or the HA1 and the SIP user
 * the name stands for, when it is not the user itself (the desk's short-lived credentials).
 */
export type Ha1Lookup = (username: string, realm: string, algorithm: string, source: Source) => Promise<string | { ha1: string; user: string } | undefined>;

const HEADERS = {
  www: { status: 401, challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  proxy: { status: 407, challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;

/** Told of every authentication (the SIP edge guard: fail2ban log line, lockout, ban of the source). */
export interface AuthObserver {
  /** True: the user is locked for this source; its credentials are not even checked. */
  authLocked(username: string, source: Source): boolean;
  authFailed(username: string, method: string, source: Source): void;
  authSucceeded(username: string, source: Source): void;
}

export class DigestGate {
  constructor(
    private readonly authenticator: DigestAuthenticator,
    private readonly lookupHa1: Ha1Lookup,
    private readonly observer?: AuthObserver,
  ) {}

  /** Resolves the authenticated user, or answers the challenge itself and resolves undefined. */
  async authenticate(tx: ServerTransaction, kind: 'www' | 'proxy'): Promise<{ username: string } | undefined> {
    const h = HEADERS[kind];
    const req = tx.request;
    // A request may carry credentials for several realms; ours is the one that verifies.
    let stale = false;
    for (const credentials of req.headers.getAll(h.credentials)) {
      let user: string | undefined;
      const result = await this.authenticator.verify(req.method, credentials, async (username, realm, algorithm) => {
        const found = await this.lookupHa1(username, realm, algorithm, tx.source);
        if (found === undefined || typeof found === 'string') {
          user = username;
          return found;
        }
        user = found.user;
        return found.ha1;
      });
      if (result.ok) {
        const username = user ?? result.username;
        // A locked user answers with the same challenge as a wrong password: the guesser learns nothing.
        if (this.observer?.authLocked(username, tx.source) === true) {
          this.observer.authFailed(username, req.method, tx.source);
          continue;
        }
        this.observer?.authSucceeded(username, tx.source);
        return { username };
      }
      if (!result.stale && this.observer !== undefined) this.observer.authFailed(usernameOf(credentials), req.method, tx.source);
      stale ||= result.stale;
    }
    const res = createResponse(req, h.status);
    for (const value of this.authenticator.challenge({ stale })) res.headers.append(h.challenge, value);
    // Statelessly: a challenge kept in a transaction is retransmitted up to ten times, which made
    // each unauthenticated INVITE draw 11 datagrams (issue 11: 17 times the bytes sent).
    tx.respondStatelessly(res);
    return undefined;
  }
}

/** The username the credentials claim (for the failure log), or "" when they do not parse. */
function usernameOf(credentials: string): string {
  try {
    return parseAuthValue(credentials).params.get('username') ?? '';
  } catch {
    return '';
  }
}
