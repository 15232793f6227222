/** The signed-in person as the desk knows them: their user id, SIP user, bound mobile and 工号 (a key is nobody: 403). */
import type { FastifyRequest } from 'fastify';
import type { AgentIdentity } from '../desk/agent-calls.ts';
import { findUserRowById } from '../users/user-store.ts';
import { ApiError } from './errors.ts';
import { principalOf } from './route-helpers.ts';

export async function deskIdentityOf(req: FastifyRequest): Promise<AgentIdentity & { agentId: string | null }> {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new ApiError('FORBIDDEN', 'An API key is nobody’s desk');
  const row = await findUserRowById(req.db, p.userId);
  if (!row) throw new ApiError('SESSION_EXPIRED');
  return { userId: row.id, sipUsername: row.sip_username, boundNumber: row.bound_number, agentId: row.agent_id };
}
