/**
 * Who answered a call, as a user of its tenant: the ACD's answering agent (`agent_user_id`) when the
 * call came through a queue, else the agent whose SIP user or bound number answered.
 */
import type { Kysely } from 'kysely';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { samePhoneNumber } from '../phone/phone-number.ts';
import type { UsersTables } from '../users/user-tables.ts';

export interface ReviewedCall {
  id: string;
  startedAt: string;
  answeredBy: string | null;
  agentUserId: string | null;
  queue: string;
  recordingPath: string | null;
  talkSeconds: number;
}

/** The answered call of the tenant with its agent, or undefined when there is no such answered call. */
export async function answeredCall(db: Kysely<object>, tenantId: string, callId: string): Promise<ReviewedCall | undefined> {
  const r = await callRecordTables(db)
    .selectFrom('call_records')
    .select(['id', 'started_at', 'answering_number', 'agent_user_id', 'queue_id', 'number_400', 'recording_path', 'talk_seconds'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', callId)
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  if (!r) return undefined;
  const agentUserId = r.agent_user_id ?? (r.answering_number ? await agentByPhone(db, tenantId, r.answering_number) : null);
  return { id: r.id, startedAt: r.started_at, answeredBy: r.answering_number, agentUserId, queue: r.queue_id ?? r.number_400, recordingPath: r.recording_path, talkSeconds: Number(r.talk_seconds) };
}

/** The tenant's user whose SIP user or bound number is `answering` (a SIP user name or a national number). */
async function agentByPhone(db: Kysely<object>, tenantId: string, answering: string): Promise<string | null> {
  const users = db.withTables<UsersTables>();
  const bySip = await users.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('sip_username', '=', answering.toLowerCase()).executeTakeFirst();
  if (bySip) return bySip.id;
  const candidates = await users.selectFrom('users').select(['id', 'bound_number']).where('tenant_id', '=', tenantId).where('bound_number', 'is not', null).execute();
  return candidates.find((u) => u.bound_number !== null && samePhoneNumber(u.bound_number, answering))?.id ?? null;
}
