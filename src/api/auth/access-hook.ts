import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { ApiError } from '../errors.ts';
import { authorize } from '../rbac/policy.ts';
import { authenticate } from './authenticate.ts';
import { CSRF_HEADER, checkCsrf } from './csrf.ts';
import type { CsrfCredential } from './csrf.ts';

/**
 * The `onRequest` gate of every /api/v1 route, before the body is even parsed: who is calling
 * (401), CSRF (403), then the route's declared roles and tenant scope (403). A refused request
 * never reaches validation or the handler.
 */
export async function accessHook(ctx: ApiContext, req: FastifyRequest): Promise<void> {
  const access = req.routeOptions.config.access;
  const url = req.routeOptions.url;
  if (access === undefined || url === undefined) return;
  const principal = await authenticate(ctx, req);
  req.principal = principal;
  if (access !== 'public' && principal === null) {
    throw new ApiError(req.staleSession ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  }
  const credential: CsrfCredential =
    principal === null ? { kind: 'anonymous' } : principal.kind === 'api-key' ? { kind: 'api-key' } : { kind: 'session', csrfToken: principal.csrfToken };
  const csrf = checkCsrf(req.method, req.headers[CSRF_HEADER], credential);
  if (csrf !== 'ok') throw new ApiError('CSRF_REJECTED', undefined, { reason: csrf, header: 'X-CSRF-Token' });
  const decision = authorize(principal, access, req.method, url);
  if (!decision.allowed) throw new ApiError(decision.code);
}
