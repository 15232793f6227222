import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { ApiError } from '../errors.ts';
import type { Principal } from '../rbac/principal.ts';
import { resolveApiKey } from './api-key-store.ts';
import { presentedSessionToken } from './session-cookie.ts';
import { resolveSession } from './session-store.ts';
import { looksLikeApiKey, looksLikeToken } from './secret-token.ts';
import { isRole } from '../../users/role.ts';

/**
 * Who is calling. `Authorization: Bearer hk_…` is an API key (a wrong key is a 401, never a silent
 * fall-back to anonymous); otherwise the session cookie, if live. Secrets come only from headers
 * and cookies, never from the URL.
 */
export async function authenticate(ctx: ApiContext, req: FastifyRequest): Promise<Principal | null> {
  const db = ctx.database.db;
  const now = ctx.now();
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    const presented = match?.[1];
    if (presented === undefined || !looksLikeApiKey(presented)) throw new ApiError('INVALID_API_KEY', 'Authorization must be "Bearer hk_…"');
    const key = await resolveApiKey(db, presented, now);
    if (!key) throw new ApiError('INVALID_API_KEY');
    return { kind: 'api-key', keyId: key.id, name: key.name, tenantId: key.tenantId, rights: key.rights };
  }
  const token = presentedSessionToken(ctx, req);
  if (token === undefined || token === '') return null;
  const live = looksLikeToken(token) ? await resolveSession(db, token, now, ctx.sessionPolicy) : undefined;
  if (!live || !isRole(live.user.role)) {
    req.staleSession = true;
    return null;
  }
  return {
    kind: 'user',
    userId: live.user.id,
    username: live.user.username,
    role: live.user.role,
    tenantId: live.user.tenant_id,
    sessionId: live.sessionId,
    csrfToken: live.csrfToken,
    mustChangePassword: live.user.must_change_password === 1,
  };
}
