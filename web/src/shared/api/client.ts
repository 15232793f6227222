/**
 * The one API client: openapi-fetch typed by schema.d.ts (generated from the platform's OpenAPI
 * document), so a path, a query or a body that the server no longer takes fails the build.
 * It sends the session's CSRF token on every state change, and tells the app when the session is
 * gone (401) so it can send the user to sign in and back.
 */
import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

/** An error answer of the API: `{ code, message, details }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = 'none';
let onSessionLost: (() => void) | undefined;

/** The token from the sign-in answer or /auth/me (without a session any value will do). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token ?? 'none';
}

/** Called when a request that needed the session got 401: the session expired or was revoked. */
export function onSessionExpired(handler: (() => void) | undefined): void {
  onSessionLost = handler;
}

const SESSION_CODES = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) {
      const body = (await response.clone().json().catch(() => null)) as { code?: string } | null;
      if (body?.code && SESSION_CODES.has(body.code)) onSessionLost?.();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionMiddleware);

/** The data of a 2xx answer, or an ApiError with the server's code and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? response.statusText, body.details ?? null);
}

/** Query strings for URLs the browser loads itself (audio, downloads): empty values left out. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
