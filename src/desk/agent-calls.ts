/**
 * An agent's calls (issue 14): the calls they took as a queue's agent and every call a leg of which
 * rang their phone (their SIP user, or their bound mobile in the national form legs keep), newest
 * first — the desk's call history, and the test of "a call they took" before a wrap-up is saved.
 */
import type { Kysely } from 'kysely';
import type { CallLegsTable } from '../cdr/call-leg-store.ts';
import type { CallRecordsTable } from '../cdr/call-record-store.ts';
import { nationalForm } from '../phone/phone-number.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<CallRecordsTable & CallLegsTable>();

export interface AgentIdentity {
  userId: string;
  sipUsername: string | null;
  boundNumber: string | null;
}

export interface AgentCall {
  id: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  number400: string;
  callerNumber: string;
  callerProvince: string | null;
  callerCity: string | null;
  outcome: string | null;
  talkSeconds: number;
  queueId: string | null;
  /** The agent answered the call as a queue's agent (or a leg to their phone was answered). */
  answeredByMe: boolean;
}

/** The leg targets that are this agent's phone. */
function phoneTargets(agent: AgentIdentity): string[] {
  const out: string[] = [];
  if (agent.sipUsername) out.push(agent.sipUsername);
  if (agent.boundNumber) out.push(nationalForm(agent.boundNumber), agent.boundNumber);
  return out;
}

function legsToMe(db: Db, tenantId: string, agent: AgentIdentity, answeredOnly: boolean) {
  let q = tables(db).selectFrom('call_legs').select('call_id').where('tenant_id', '=', tenantId).where('target', 'in', phoneTargets(agent));
  if (answeredOnly) q = q.where('result', '=', 'answered');
  return q;
}

/** True when the agent took the call: answered it as a queue's agent, or a leg to their phone was answered. */
export async function tookCall(db: Db, tenantId: string, callId: string, agent: AgentIdentity): Promise<boolean> {
  const r = await tables(db).selectFrom('call_records').select(['agent_user_id', 'answering_number']).where('tenant_id', '=', tenantId).where('id', '=', callId).executeTakeFirst();
  if (!r) return false;
  if (r.agent_user_id === agent.userId) return true;
  const targets = phoneTargets(agent);
  if (targets.length === 0) return false;
  if (r.answering_number !== null && targets.includes(r.answering_number)) return true;
  return (await legsToMe(db, tenantId, agent, true).where('call_id', '=', callId).executeTakeFirst()) !== undefined;
}

/** The agent's calls, newest first, `limit` of them started before `before` (keyset paging by start time). */
export async function agentCalls(db: Db, tenantId: string, agent: AgentIdentity, opts: { limit: number; before?: string }): Promise<AgentCall[]> {
  const targets = phoneTargets(agent);
  let q = tables(db)
    .selectFrom('call_records')
    .select(['id', 'started_at', 'answered_at', 'ended_at', 'number_400', 'caller_number', 'caller_province', 'caller_city', 'outcome', 'talk_seconds', 'queue_id', 'agent_user_id', 'answering_number'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => (targets.length === 0 ? eb('agent_user_id', '=', agent.userId) : eb.or([eb('agent_user_id', '=', agent.userId), eb('id', 'in', legsToMe(db, tenantId, agent, false))])));
  if (opts.before) q = q.where('started_at', '<', opts.before);
  const rows = await q.orderBy('started_at', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    number400: r.number_400,
    callerNumber: r.caller_number,
    callerProvince: r.caller_province,
    callerCity: r.caller_city,
    outcome: r.outcome,
    talkSeconds: r.talk_seconds,
    queueId: r.queue_id,
    answeredByMe: r.agent_user_id === agent.userId || (r.answering_number !== null && targets.includes(r.answering_number)),
  }));
}
