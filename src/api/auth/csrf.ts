import { sameSecret } from './secret-token.ts';

/**
 * CSRF policy, pure. A state-changing request authenticated by the session cookie must echo the
 * session's CSRF token in `X-CSRF-Token` (a cross-site page can neither read the token nor set a
 * custom header without a CORS preflight, which we never grant). A state-changing request without a
 * session (sign-in) must still carry the header (any value): the custom header alone blocks
 * login-CSRF from plain HTML forms. Requests authenticated by an API key carry no ambient
 * credentials, so they need no token.
 */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export type CsrfCredential = { kind: 'session'; csrfToken: string } | { kind: 'api-key' } | { kind: 'anonymous' };

export type CsrfVerdict = 'ok' | 'missing' | 'mismatch';

export function checkCsrf(method: string, header: string | string[] | undefined, credential: CsrfCredential): CsrfVerdict {
  if (isSafeMethod(method) || credential.kind === 'api-key') return 'ok';
  if (typeof header !== 'string' || header.length === 0) return 'missing';
  if (credential.kind === 'anonymous') return 'ok';
  return sameSecret(header, credential.csrfToken) ? 'ok' : 'mismatch';
}
