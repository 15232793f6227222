/**
 * The viewer of live calls and the event feed for the caller of a request (src/events/viewer.ts):
 * an agent is narrowed to the calls of their own SIP user and bound number, and to their own ACD events.
 */
import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../events/viewer.ts';
import { findUserRowById } from '../users/user-store.ts';
import { ApiError } from './errors.ts';
import { principalOf } from './route-helpers.ts';

export async function viewerOf(req: FastifyRequest): Promise<Viewer> {
  const p = principalOf(req);
  if (p.kind === 'api-key') return { tenantId: p.tenantId };
  if (p.role === 'operator_admin') return { tenantId: null };
  if (p.tenantId === null) throw new ApiError('FORBIDDEN');
  if (p.role !== 'agent') return { tenantId: p.tenantId };
  const row = await findUserRowById(req.db, p.userId);
  return { tenantId: p.tenantId, own: { sipUsername: row?.sip_username ?? null, number: row?.bound_number ?? null, userId: p.userId } };
}
