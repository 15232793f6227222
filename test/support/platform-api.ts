/**
 * The platform's REST API over real HTTP, as a browser session would use it: sign in, then send
 * requests with the session cookie and the CSRF token.
 */
import type { Harness } from './platform-harness.ts';

export interface ApiSession {
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
