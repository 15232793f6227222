/**
 * An agent's wrap-up of a call they took (话后小结): one of the tenant's enabled wrap-up codes and a
 * note, kept beside the call record (one per agent and call; saving again replaces it). The code's
 * label is kept as it was, so history reads the same after the list changes.
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { type AgentIdentity, tookCall } from './agent-calls.ts';
import { DeskError } from './desk-error.ts';
import type { DeskTables } from './desk-tables.ts';
import { findEnabledWrapUpCode } from './wrap-up-codes.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<DeskTables>();

export const MAX_WRAP_UP_NOTE = 2000;

export interface CallWrapUp {
  callId: string;
  userId: string;
  agentId: string | null;
  code: string | null;
  label: string | null;
  note: string;
  savedAt: string;
}

type Row = DeskTables['call_wrap_ups'];
const toWrapUp = (r: Row): CallWrapUp => ({ callId: r.call_id, userId: r.user_id, agentId: r.agent_id, code: r.code, label: r.label, note: r.note, savedAt: r.saved_at });

/** Saves (or replaces) the agent's wrap-up of a call they took; refused for another's call, an unknown or disabled code, or nothing to say. */
export async function saveWrapUp(
  db: Db,
  tenantId: string,
  callId: string,
  agent: AgentIdentity & { agentId: string | null },
  input: { code?: string | null; note?: string },
  now: Date,
): Promise<CallWrapUp> {
  // Whose call it is first: another's (or another tenant's) call is a 404 whatever the body says.
  if (!(await tookCall(db, tenantId, callId, agent))) throw new DeskError('NOT_YOUR_CALL', 'No such call of yours: a wrap-up is saved by the agent who took the call');
  const note = (input.note ?? '').trim();
  if (note.length > MAX_WRAP_UP_NOTE) throw new DeskError('INVALID_DESK', `note: at most ${MAX_WRAP_UP_NOTE} characters`, { field: 'note' });
  const codeName = input.code ?? null;
  if (codeName === null && note === '') throw new DeskError('INVALID_DESK', 'a wrap-up needs a code or a note', { field: 'code' });
  let label: string | null = null;
  if (codeName !== null) {
    const code = await findEnabledWrapUpCode(db, tenantId, codeName);
    if (!code) throw new DeskError('INVALID_DESK', `code: ${codeName} is not one of your tenant's wrap-up codes`, { field: 'code' });
    label = code.label;
  }
  const row: Row = { tenant_id: tenantId, call_id: callId, user_id: agent.userId, agent_id: agent.agentId, code: codeName, label, note, saved_at: toDbTimestamp(now) };
  await tables(db).deleteFrom('call_wrap_ups').where('tenant_id', '=', tenantId).where('call_id', '=', callId).where('user_id', '=', agent.userId).execute();
  await tables(db).insertInto('call_wrap_ups').values(row).execute();
  return toWrapUp(row);
}

/** The wrap-ups of these calls (every agent's), by call id. */
export async function wrapUpsOf(db: Db, tenantId: string, callIds: readonly string[]): Promise<Map<string, CallWrapUp[]>> {
  const out = new Map<string, CallWrapUp[]>();
  if (callIds.length === 0) return out;
  const rows = await tables(db).selectFrom('call_wrap_ups').selectAll().where('tenant_id', '=', tenantId).where('call_id', 'in', [...callIds]).orderBy('saved_at').execute();
  for (const r of rows) {
    const list = out.get(r.call_id) ?? [];
    list.push(toWrapUp(r));
    out.set(r.call_id, list);
  }
  return out;
}
