/**
 * The platform's REST API over real HTTP, as a browser session would use it: sign in, then send
 * requests with the session cookie and the CSRF token.
 */
import type { Harness } from './platform-harness.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { systemActor } from '../../src/audit/actor.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';

export interface ApiSession {
  /** The session cookie (`name=value`), for the event feed's WebSocket. */
  readonly cookie: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export async function signIn(h: Harness, username: string, password: string): Promise<ApiSession> {
  const base = `http://127.0.0.1:${h.platform.httpPort}`;
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    async request(method, path, body) {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
  };
}

/** An operator admin (the import makes only tenant users), signed in. */
export async function operatorSession(h: Harness, username = 'ops', password = 'Str0ng-Passw0rd!'): Promise<ApiSession> {
  await upsertUser(h.platform.database.db, { tenantId: null, username, role: 'operator_admin', displayName: 'Operator', password, mustChangePassword: false }, systemActor('test'), usersSettings({ scrypt: TEST_SCRYPT }));
  return signIn(h, username, password);
}
