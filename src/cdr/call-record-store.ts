/**
 * Call records in the database. A record is inserted when the call arrives (so a crash cannot
 * lose it) and closed once when the call ends; records left open by a crash are closed as
 * `interrupted` at the next start.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import type { CallOutcome, CallRecord, CallRecordEnd, CallRecordStart, EndedBy } from './call-record.ts';
import { talkSecondsBetween } from './call-record.ts';

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
  };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<CallRecordsTable>();

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
    })
    .execute();
}

/** Closes an open record; a record already closed is left as it is (a call ends once). */
export async function closeCallRecord(db: Db, id: string, end: CallRecordEnd): Promise<boolean> {
  const res = await tables(db)
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
    })
    .where('id', '=', id)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * At start: every record still open belongs to a call that was up when the process died.
 * Its talk time is unknown past the answer, so it is closed as interrupted with zero talk
 * seconds counted from the crash; answered_at is kept for the tenant to see.
 */
export async function closeInterruptedCalls(db: Db, now: Date): Promise<number> {
  const res = await tables(db)
    .updateTable('call_records')
    .set({ outcome: 'interrupted', ended_at: toDbTimestamp(now), ended_by: 'platform', sip_reason: 'platform restarted' })
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function getCallRecord(db: Db, tenantId: string, id: string): Promise<CallRecord | undefined> {
  const row = await tables(db).selectFrom('call_records').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findCallRecordBySipCallId(db: Db, sipCallId: string): Promise<CallRecord | undefined> {
  const row = await tables(db).selectFrom('call_records').selectAll().where('sip_call_id', '=', sipCallId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listCallRecords(db: Db, tenantId: string, opts: { from?: Date; to?: Date; limit?: number } = {}): Promise<CallRecord[]> {
  let q = tables(db).selectFrom('call_records').selectAll().where('tenant_id', '=', tenantId);
  if (opts.from) q = q.where('started_at', '>=', toDbTimestamp(opts.from));
  if (opts.to) q = q.where('started_at', '<', toDbTimestamp(opts.to));
  const rows = await q.orderBy('started_at', 'desc').limit(Math.min(opts.limit ?? 100, 1000)).execute();
  return rows.map(toRecord);
}

function toRecord(r: CallRecordsTable['call_records']): CallRecord {
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
    outcome: r.outcome as CallOutcome | null,
    talkSeconds: Number(r.talk_seconds),
    sipStatus: r.sip_status === null ? null : Number(r.sip_status),
    sipReason: r.sip_reason,
    endedBy: r.ended_by as EndedBy | null,
    mediaStats: r.media_stats ? (JSON.parse(r.media_stats) as Record<string, unknown>) : null,
    recordingPath: r.recording_path,
  };
}
