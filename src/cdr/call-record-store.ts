/**
 * Call records in the database. A record is inserted when the call arrives (so a crash cannot
 * lose it), marked when a phone answers (so a crash cannot lose the talk either), and closed once
 * when the call ends; records left open by a crash are closed as `interrupted` at the next start
 * (`interrupted-calls.ts`).
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import type { CallAnswer, CallRecord, CallRecordEnd, CallRecordStart, EndedBy, RecordOutcome } from './call-record.ts';
import { talkSecondsBetween } from './call-record.ts';
import { replaceCallLegs } from './call-leg-store.ts';
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
  };
};

type Db = Kysely<object>;
export const callRecordTables = (db: Db) => db.withTables<CallRecordsTable>();
const tables = callRecordTables;

export async function openCallRecord(db: Db, start: CallRecordStart): Promise<void> {
  await tables(db)
    .insertInto('call_records')
    .values({
      id: start.id || newId(),
      tenant_id: start.tenantId,
      number_400: start.number400,
      trunk_id: start.trunkId ?? null,
      sip_call_id: start.sipCallId,
      caller_number: start.caller.number,
      caller_kind: start.caller.kind,
      caller_area_code: start.caller.areaCode ?? null,
      caller_province: start.caller.province ?? null,
      caller_city: start.caller.city ?? null,
      answering_number: null,
      started_at: toDbTimestamp(start.startedAt),
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
    })
    .execute();
}

/**
 * A phone answered: the answer time, who answered (and so the call type it will be rated as) and
 * the ring attempts so far go to the store now, so a call up when the process dies can still be
 * charged for its talk at the next start. A closed record is left alone.
 */
export async function markCallAnswered(db: Db, id: string, answer: CallAnswer): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const res = await tables(trx)
      .updateTable('call_records')
      .set({
        answered_at: toDbTimestamp(answer.answeredAt),
        answering_number: answer.answeringNumber,
        call_type: callTypeOf(answer.answeringKind, answer.answeringNumber),
      })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .returning('tenant_id')
      .executeTakeFirst();
    if (res === undefined) return false;
    await replaceCallLegs(trx, res.tenant_id, id, answer.attempts);
    return true;
  });
}

/** Closes an open record with its legs; a record already closed is left as it is (a call ends once). */
export async function closeCallRecord(db: Db, id: string, end: CallRecordEnd): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const answeredKind = end.attempts?.find((a) => a.result === 'answered')?.kind;
    const res = await tables(trx)
      .updateTable('call_records')
      .set({
        answering_number: end.answeringNumber ?? null,
        answered_at: end.answeredAt ? toDbTimestamp(end.answeredAt) : null,
        ended_at: toDbTimestamp(end.endedAt),
        outcome: end.outcome,
        talk_seconds: talkSecondsBetween(end.answeredAt, end.endedAt),
        sip_status: end.sipStatus,
        sip_reason: end.sipReason,
        ended_by: end.endedBy,
        media_stats: end.mediaStats ? JSON.stringify(end.mediaStats) : null,
        recording_path: end.recordingPath ?? null,
        ...(end.answeredAt && end.answeringNumber ? { call_type: callTypeOf(answeredKind ?? 'pstn', end.answeringNumber) } : {}),
      })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .returning('tenant_id')
      .executeTakeFirst();
    if (res === undefined) return false;
    if (end.attempts) await replaceCallLegs(trx, res.tenant_id, id, end.attempts);
    return true;
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
  };
}
