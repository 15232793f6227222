/**
 * The day's queue calls as the call records keep them (issue 13's queue facts: the queue, the wait,
 * the agent who answered, abandoned in the queue): what the wallboard's figures start from when the
 * platform starts, so a restart does not zero the day (C17). Read once per tenant at start.
 */
import type { Kysely } from 'kysely';
import { callRecordTables } from '../cdr/call-record-store.ts';

export interface QueueCallRecord {
  queueId: string;
  startedAt: number;
  /** Null while the call is still on (none is at start: a crash's open records are closed first). */
  endedAt: number | null;
  waitMs: number | null;
  /** The agent who answered it from the queue; null when nobody did. */
  agentUserId: string | null;
  abandoned: boolean;
  talkSeconds: number;
  /** Closed at a start after a crash: where it was then is unknown. */
  interrupted: boolean;
}

/** The tenant's calls that went through a queue and started at or after `sinceMs`. */
export async function queueCallsSince(db: Kysely<object>, tenantId: string, sinceMs: number): Promise<QueueCallRecord[]> {
  const rows = await callRecordTables(db)
    .selectFrom('call_records')
    .select(['queue_id', 'started_at', 'ended_at', 'queue_wait_ms', 'agent_user_id', 'abandoned_in_queue', 'talk_seconds', 'outcome'])
    .where('tenant_id', '=', tenantId)
    .where('queue_id', 'is not', null)
    .where('started_at', '>=', new Date(sinceMs).toISOString())
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({
    queueId: r.queue_id!,
    startedAt: Date.parse(r.started_at),
    endedAt: r.ended_at ? Date.parse(r.ended_at) : null,
    waitMs: r.queue_wait_ms === null ? null : Number(r.queue_wait_ms),
    agentUserId: r.agent_user_id,
    abandoned: Number(r.abandoned_in_queue) === 1,
    talkSeconds: Number(r.talk_seconds),
    interrupted: r.outcome === 'interrupted',
  }));
}
