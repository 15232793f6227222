/**
 * What the ACD adds to a call record (issue 13): the queue, the wait, the agent who answered,
 * abandoned-in-queue, transfers and the caller's survey score (C5). Written by the queue driver as
 * they become known, separately from the close: a survey is keyed after the agent hung up, and a
 * crash must not lose what was already known. Each write names the tenant, so one tenant's driver
 * can never touch another's record.
 */
import type { Kysely } from 'kysely';
import { callRecordTables } from './call-record-store.ts';

type Db = Kysely<object>;

export type QueueFacts = Partial<{
  queueId: string;
  queueWaitMs: number;
  agentId: string;
  agentUserId: string;
  abandonedInQueue: boolean;
}>;

/** Sets the facts given (others are kept); false when the tenant has no such record. */
export async function recordQueueFacts(db: Db, tenantId: string, callId: string, facts: QueueFacts): Promise<boolean> {
  const set: Record<string, string | number> = {};
  if (facts.queueId !== undefined) set.queue_id = facts.queueId;
  if (facts.queueWaitMs !== undefined) set.queue_wait_ms = Math.max(0, Math.round(facts.queueWaitMs));
  if (facts.agentId !== undefined) set.agent_id = facts.agentId;
  if (facts.agentUserId !== undefined) set.agent_user_id = facts.agentUserId;
  if (facts.abandonedInQueue !== undefined) set.abandoned_in_queue = facts.abandonedInQueue ? 1 : 0;
  if (Object.keys(set).length === 0) return true;
  const res = await callRecordTables(db).updateTable('call_records').set(set).where('tenant_id', '=', tenantId).where('id', '=', callId).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** C5: the caller's score, 1–5 (anything else is refused: a RangeError, nothing written). */
export async function recordSurveyScore(db: Db, tenantId: string, callId: string, score: number): Promise<boolean> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`a survey score is 1 to 5, not ${score}`);
  const res = await callRecordTables(db).updateTable('call_records').set({ survey_score: score }).where('tenant_id', '=', tenantId).where('id', '=', callId).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** One more transfer made during the call. */
export async function countTransfer(db: Db, tenantId: string, callId: string): Promise<boolean> {
  const res = await callRecordTables(db)
    .updateTable('call_records')
    .set((eb) => ({ transfers: eb('transfers', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', callId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
