/**
 * What a tenant's call records say about a caller before an agent answers (C14): their last
 * contacts with the tenant and the last time one of the tenant's agents (or phones) served them.
 * Read from `call_records` by the caller's number as the records keep it (E.164 when it parsed).
 */
import type { Kysely } from 'kysely';
import type { CallRecordsTable } from '../cdr/call-record-store.ts';
import type { UsersTable } from '../users/user-tables.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<CallRecordsTable & { users: UsersTable }>();

export interface PastContact {
  callId: string;
  startedAt: string;
  number400: string;
  outcome: string | null;
  talkSeconds: number;
  queueId: string | null;
  /** The agent (工号) who answered, when a queue's agent did. */
  agentId: string | null;
  agentUserId: string | null;
  agentName: string | null;
  /** Who answered as the record keeps it (a SIP user or a national number), when anyone did. */
  answeringNumber: string | null;
}

function contactQuery(db: Db, tenantId: string, callerNumber: string, exceptCallId: string) {
  return tables(db)
    .selectFrom('call_records as r')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'r.agent_user_id').onRef('u.tenant_id', '=', 'r.tenant_id'))
    .select(['r.id', 'r.started_at', 'r.number_400', 'r.outcome', 'r.talk_seconds', 'r.queue_id', 'r.agent_id', 'r.agent_user_id', 'r.answering_number', 'u.display_name'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.caller_number', '=', callerNumber)
    .where('r.id', '<>', exceptCallId)
    .orderBy('r.started_at', 'desc');
}

type Row = Awaited<ReturnType<ReturnType<typeof contactQuery>['execute']>>[number];

function contactOf(r: Row): PastContact {
  return {
    callId: r.id,
    startedAt: r.started_at,
    number400: r.number_400,
    outcome: r.outcome,
    talkSeconds: r.talk_seconds,
    queueId: r.queue_id,
    agentId: r.agent_id,
    agentUserId: r.agent_user_id,
    agentName: r.display_name ?? null,
    answeringNumber: r.answering_number,
  };
}

/** The caller's latest contacts with the tenant (newest first), the current call left out. */
export async function lastContacts(db: Db, tenantId: string, callerNumber: string, exceptCallId: string, limit = 5): Promise<PastContact[]> {
  return (await contactQuery(db, tenantId, callerNumber, exceptCallId).limit(limit).execute()).map(contactOf);
}

/** The caller's latest answered call with the tenant: served before, and by whom. */
export async function lastServed(db: Db, tenantId: string, callerNumber: string, exceptCallId: string): Promise<PastContact | undefined> {
  const row = await contactQuery(db, tenantId, callerNumber, exceptCallId).where('r.outcome', '=', 'answered').limit(1).executeTakeFirst();
  return row ? contactOf(row) : undefined;
}
