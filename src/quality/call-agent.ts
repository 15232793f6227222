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

/** The group a call's results and sampling scopes use: its ACD queue, or its 400 number when it reached none. */
export const groupOfCall = (r: { queue_id: string | null; number_400: string }): string => r.queue_id ?? r.number_400;

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
  const agentUserId = (await agentResolver(db, tenantId))(r.agent_user_id, r.answering_number);
  return { id: r.id, startedAt: r.started_at, answeredBy: r.answering_number, agentUserId, queue: groupOfCall(r), recordingPath: r.recording_path, talkSeconds: Number(r.talk_seconds) };
}

/**
 * Resolves calls' agents against the tenant's users read once: the ACD's answering agent, else the
 * user whose SIP user (case-insensitive) or bound number answered, else null.
 */
export async function agentResolver(db: Kysely<object>, tenantId: string): Promise<(agentUserId: string | null, answering: string | null) => string | null> {
  const users = await db.withTables<UsersTables>().selectFrom('users').select(['id', 'sip_username', 'bound_number']).where('tenant_id', '=', tenantId).execute();
  const bySip = new Map(users.filter((u) => u.sip_username !== null).map((u) => [u.sip_username!.toLowerCase(), u.id]));
  const bound = users.filter((u) => u.bound_number !== null);
  return (agentUserId, answering) => {
    if (agentUserId) return agentUserId;
    if (!answering) return null;
    return bySip.get(answering.toLowerCase()) ?? bound.find((u) => samePhoneNumber(u.bound_number!, answering))?.id ?? null;
  };
}
