import type { FastifyRequest } from 'fastify';
import { writeAudit } from '../audit/audit-log.ts';
import type { AuditInput } from '../audit/audit-log.ts';
import type { Actor } from '../audit/actor.ts';
import { ApiError } from './errors.ts';
import type { Principal } from './rbac/principal.ts';

/** The caller; routes with `access` other than 'public' always have one. */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === null) throw new ApiError('UNAUTHENTICATED');
  return req.principal;
}

/** The caller's tenant: the ONLY place a tenant-scoped route gets its tenant from. */
export function tenantIdOf(req: FastifyRequest): string {
  const tenantId = principalOf(req).tenantId;
  if (tenantId === null) throw new ApiError('FORBIDDEN', 'This route works within a tenant; operator admins have none');
  return tenantId;
}

/** The caller as an audit actor, with the client address. */
export function actorOf(req: FastifyRequest): Actor {
  const p = principalOf(req);
  return p.kind === 'user' ? { kind: 'user', id: p.userId, name: p.username, ip: req.ip } : { kind: 'api-key', id: p.keyId, name: `key:${p.name}`, ip: req.ip };
}

/**
 * Writes an audit entry inside the request's transaction (so it exists exactly when the change
 * does). `tenantId` defaults to the caller's tenant; an operator route that changes a tenant's data
 * passes that tenant so its admins see the entry.
 */
export async function recordAudit(req: FastifyRequest, entry: Omit<AuditInput, 'tenantId'> & { tenantId?: string | null }): Promise<void> {
  const tenantId = entry.tenantId !== undefined ? entry.tenantId : principalOf(req).tenantId;
  await writeAudit(req.db, actorOf(req), { ...entry, tenantId }, req.server.hotline.now());
}
