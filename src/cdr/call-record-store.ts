/**
 * Call records in the database. A record is inserted when the call arrives (so a crash cannot
 * lose it), marked when a phone answers (so a crash cannot lose the talk either), and closed once
 * when the call ends; records left open by a crash are closed as `interrupted` at the next start
 * (`interrupted-calls.ts`).
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { withTransaction } from '../db/transaction.ts';
import type { CallAnswer, CallRecord, CallRecordEnd, CallRecordStart, EndedBy, RecordOutcome } from './call-record.ts';
import { talkSecondsBetween } from './call-record.ts';
import { saveCallLegs } from './call-leg-store.ts';
import { callTypeOf } from './call-type.ts';

export type CallRecordsTable = {
  call_records: {
    id: string;
    tenant_id: string;
    number_400: string;
    trunk_id: string | null;
    sip_call_id: string;
    caller_number: string;
    caller_kind: string;
    caller_area_code: string | null;
    caller_province: string | null;
    caller_city: string | null;
    answering_number: string | null;
    started_at: string;
    answered_at: string | null;
    ended_at: string | null;
    outcome: string | null;
    talk_seconds: number;
    sip_status: number | null;
    sip_reason: string | null;
    ended_by: string | null;
    media_stats: string | null;
    recording_path: string | null;
    cost_li: number;
    call_type: string | null;
    billing_note: string | null;
    queue_id: string | null;
    queue_wait_ms: number | null;
    agent_id: string | null;
    agent_user_id: string | null;
    abandoned_in_queue: number;
    transfers: number;
    survey_score: number | null;
  };
};

type Db = Kysely<object>;
export const callRecordTables = (db: Db) => db.withTables<CallRecordsTable>();
const tables = callRecordTables;

/** The fields of a record that rating needs, as the close returns them. */
export interface ClosedRecord {
  tenant_id: string;
  number_400: string;
  answered_at: string | null;
  talk_seconds: number;
  call_type: string | null;
  outcome: string | null;
}

// The call path's statements, compiled once (src/db/prepared-query.ts).
const insertRecord = new PreparedQuery((db, p) =>
  tables(db)
    .insertInto('call_records')
    .values({
      id: p('id'),
      tenant_id: p('tenantId'),
      number_400: p('number400'),
      trunk_id: p<string | null>('trunkId'),
      sip_call_id: p('sipCallId'),
      caller_number: p('callerNumber'),
      caller_kind: p('callerKind'),
      caller_area_code: p<string | null>('areaCode'),
      caller_province: p<string | null>('province'),
      caller_city: p<string | null>('city'),
      answering_number: null,
      started_at: p('startedAt'),
      answered_at: null,
      ended_at: null,
      outcome: null,
      talk_seconds: 0,
      sip_status: null,
      sip_reason: null,
      ended_by: null,
      media_stats: null,
      recording_path: null,
      cost_li: 0,
      call_type: null,
      billing_note: null,
      queue_id: null,
      queue_wait_ms: null,
      agent_id: null,
      agent_user_id: null,
      abandoned_in_queue: 0,
      transfers: 0,
      survey_score: null,
    }),
);

const updateAnswered = new PreparedQuery((db, p) =>
  tables(db)
    .updateTable('call_records')
    .set({ answered_at: p('answeredAt'), answering_number: p('answeringNumber'), call_type: p('callType') })
    .where('id', '=', p('id'))
    .where('outcome', 'is', null)
    .returning('tenant_id'),
);

const updateClosed = new PreparedQuery((db, p) =>
  tables(db)
    .updateTable('call_records')
    .set({
      answering_number: p<string | null>('answeringNumber'),
      answered_at: p<string | null>('answeredAt'),
      ended_at: p('endedAt'),
      outcome: p('outcome'),
      talk_seconds: p<number>('talkSeconds'),
      sip_status: p<number | null>('sipStatus'),
      sip_reason: p<string | null>('sipReason'),
      ended_by: p('endedBy'),
      media_stats: p<string | null>('mediaStats'),
      recording_path: p<string | null>('recordingPath'),
      // Kept as stored unless this close knows who answered.
      call_type: (eb) => eb.fn.coalesce(eb.val(p<string | null>('callType')), eb.ref('call_type')),
    })
    .where('id', '=', p('id'))
    .where('outcome', 'is', null)
    .returning(['tenant_id', 'number_400', 'answered_at', 'talk_seconds', 'call_type', 'outcome']),
);

export async function openCallRecord(db: Db, start: CallRecordStart): Promise<void> {
  await insertRecord.execute(db, {
    id: start.id || newId(),
    tenantId: start.tenantId,
    number400: start.number400,
    trunkId: start.trunkId ?? null,
    sipCallId: start.sipCallId,
    callerNumber: start.caller.number,
    callerKind: start.caller.kind,
    areaCode: start.caller.areaCode ?? null,
    province: start.caller.province ?? null,
    city: start.caller.city ?? null,
    startedAt: toDbTimestamp(start.startedAt),
  });
}

/**
 * A phone answered: the answer time, who answered (and so the call type it will be rated as) and
 * the ring attempts so far go to the store now, so a call up when the process dies can still be
 * charged for its talk at the next start. A closed record is left alone.
 */
export async function markCallAnswered(db: Db, id: string, answer: CallAnswer): Promise<boolean> {
  const callType = callTypeOf(answer.answeringKind, answer.answeringNumber);
  return withTransaction(db, async (trx) => {
    const res = await updateAnswered.first(trx, { id, answeredAt: toDbTimestamp(answer.answeredAt), answeringNumber: answer.answeringNumber, callType });
    if (res === undefined) return false;
    await saveCallLegs(trx, res.tenant_id, id, answer.attempts);
    return true;
  });
}

/**
 * Closes an open record with its legs; a record already closed is left as it is (a call ends
 * once). Returns what rating needs, or undefined when it was closed already.
 */
export async function closeCallRecord(db: Db, id: string, end: CallRecordEnd): Promise<ClosedRecord | undefined> {
  const answeredKind = end.attempts?.find((a) => a.result === 'answered')?.kind;
  const callType = end.answeredAt && end.answeringNumber ? callTypeOf(answeredKind ?? 'pstn', end.answeringNumber) : null;
  return withTransaction(db, async (trx) => {
    const res = await updateClosed.first(trx, {
      id,
      answeringNumber: end.answeringNumber ?? null,
      answeredAt: end.answeredAt ? toDbTimestamp(end.answeredAt) : null,
      endedAt: toDbTimestamp(end.endedAt),
      outcome: end.outcome,
      talkSeconds: talkSecondsBetween(end.answeredAt, end.endedAt),
      sipStatus: end.sipStatus,
      sipReason: end.sipReason,
      endedBy: end.endedBy,
      mediaStats: end.mediaStats ? JSON.stringify(end.mediaStats) : null,
      recordingPath: end.recordingPath ?? null,
      callType,
    });
    if (res === undefined) return undefined;
    if (end.attempts) await saveCallLegs(trx, res.tenant_id, id, end.attempts);
    return res;
  });
}

export async function getCallRecord(db: Db, tenantId: string, id: string): Promise<CallRecord | undefined> {
  const row = await tables(db).selectFrom('call_records').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toCallRecord(row) : undefined;
}

export async function findCallRecordBySipCallId(db: Db, sipCallId: string): Promise<CallRecord | undefined> {
  const row = await tables(db).selectFrom('call_records').selectAll().where('sip_call_id', '=', sipCallId).executeTakeFirst();
  return row ? toCallRecord(row) : undefined;
}

/** The newest records of a tenant (the filtered, paged query is `queryCallRecords`). */
export async function listCallRecords(db: Db, tenantId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<CallRecord[]> {
  let q = tables(db).selectFrom('call_records').selectAll().where('tenant_id', '=', tenantId);
  if (opts.from) q = q.where('started_at', '>=', toDbTimestamp(opts.from));
  if (opts.to) q = q.where('started_at', '<', toDbTimestamp(opts.to));
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(Math.min(opts.limit ?? 100, 1000)).execute();
  return rows.map(toCallRecord);
}

export function toCallRecord(r: CallRecordsTable['call_records']): CallRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    number400: r.number_400,
    trunkId: r.trunk_id,
    sipCallId: r.sip_call_id,
    callerNumber: r.caller_number,
    callerKind: r.caller_kind,
    callerAreaCode: r.caller_area_code,
    callerProvince: r.caller_province,
    callerCity: r.caller_city,
    answeringNumber: r.answering_number,
    startedAt: r.started_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    outcome: r.outcome as RecordOutcome | null,
    talkSeconds: Number(r.talk_seconds),
    sipStatus: r.sip_status === null ? null : Number(r.sip_status),
    sipReason: r.sip_reason,
    endedBy: r.ended_by as EndedBy | null,
    mediaStats: r.media_stats ? (JSON.parse(r.media_stats) as Record<string, unknown>) : null,
    recordingPath: r.recording_path,
    costLi: Number(r.cost_li),
    callType: r.call_type,
    billingNote: r.billing_note,
    queueId: r.queue_id,
    queueWaitMs: r.queue_wait_ms === null ? null : Number(r.queue_wait_ms),
    agentId: r.agent_id,
    agentUserId: r.agent_user_id,
    abandonedInQueue: Number(r.abandoned_in_queue) === 1,
    transfers: Number(r.transfers),
    surveyScore: r.survey_score === null ? null : Number(r.survey_score),
  };
}
