/**
 * Test harness for API tests: an app on a fresh migrated database, a fake clock, cheap scrypt, and
 * helpers to create users, sign in and call routes as a given caller.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/api/app.ts';
import type { BuildAppOptions } from '../../../src/api/app.ts';
import type { Database } from '../../../src/db/database.ts';
import { systemActor } from '../../../src/audit/actor.ts';
import { TEST_SCRYPT } from '../../../src/users/password.ts';
import type { Role } from '../../../src/users/role.ts';
import type { UpsertUserInput } from '../../../src/users/upsert-user.ts';
import { upsertUser } from '../../../src/users/upsert-user.ts';
import { usersSettings } from '../../../src/users/users-settings.ts';

export const STRONG_PASSWORD = 'Str0ng-Passw0rd!';

export class TestClock {
  constructor(private ms = Date.parse('2026-11-22T08:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A way to call the API: a browser session (cookie + CSRF token) or an API key. */
export type Caller = { kind: 'session'; cookie: string; csrfToken: string } | { kind: 'key'; key: string } | { kind: 'anonymous' };

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Leave out the X-CSRF-Token header a browser session would send. */
  noCsrf?: boolean;
  /** The client address (default 127.0.0.1). */
  remoteAddress?: string;
}

export class ApiHarness {
  private constructor(
    readonly app: FastifyInstance,
    readonly database: Database,
    readonly clock: TestClock,
  ) {}

  static async start(database: Database, opts: Partial<BuildAppOptions> = {}): Promise<ApiHarness> {
    const clock = new TestClock();
    const app = await buildApp({ db: database, scrypt: TEST_SCRYPT, now: clock.now, sipRealm: 'hotline.test', ...opts });
    return new ApiHarness(app, database, clock);
  }

  get db() {
    return this.database.db;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Creates (or updates) a user directly through the domain, with a strong password. */
  async user(tenantId: string | null, username: string, role: Role, extra: Partial<UpsertUserInput> = {}): Promise<string> {
    const input: UpsertUserInput = { tenantId, username, role, displayName: username, password: STRONG_PASSWORD, ...extra };
    const settings = usersSettings({ scrypt: TEST_SCRYPT, now: this.clock.now, sipRealm: 'hotline.test' });
    const { user } = await upsertUser(this.db, input, systemActor('test'), settings);
    return user.id;
  }

  async signIn(username: string, password: string = STRONG_PASSWORD): Promise<Caller & { kind: 'session' }> {
    const res = await this.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
    return sessionFrom(res);
  }

  /** A user of `role` in `tenantId`, signed in. */
  async as(tenantId: string | null, username: string, role: Role): Promise<Caller & { kind: 'session' }> {
    await this.user(tenantId, username, role);
    return this.signIn(username);
  }

  call(caller: Caller, method: InjectOptions['method'], url: string, opts: CallOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    if (caller.kind === 'session') {
      headers.cookie = caller.cookie;
      if (!opts.noCsrf) headers['x-csrf-token'] = caller.csrfToken;
    } else if (caller.kind === 'key') {
      headers.authorization = `Bearer ${caller.key}`;
    } else if (!opts.noCsrf) {
      headers['x-csrf-token'] = 'anonymous';
    }
    return this.app.inject({
      method,
      url,
      headers,
      ...(opts.query ? { query: opts.query } : {}),
      ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
  }
}

/** The session a sign-in response opened (cookie header value and CSRF token). */
export function sessionFrom(res: LightMyRequestResponse): Caller & { kind: 'session' } {
  // Over HTTPS (or with secureCookies) the cookie carries the __Host- prefix.
  const cookie = res.cookies.find((c) => c.name === 'hotline_session' || c.name === '__Host-hotline_session');
  if (!cookie) throw new Error('no session cookie in response');
  const body = res.json() as { csrfToken: string };
  return { kind: 'session', cookie: `${cookie.name}=${cookie.value}`, csrfToken: body.csrfToken };
}
