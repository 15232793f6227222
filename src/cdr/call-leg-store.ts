/**
 * Leg records (P2: one per ring attempt — who was rung, how long, the result). Written with the
 * call record's answer and close, in their transactions; the latest full list replaces the rows.
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import type { AttemptRecord, CallLeg } from './call-record.ts';

export type CallLegsTable = {
  call_legs: {
    call_id: string;
    seq: number;
    tenant_id: string;
    target: string;
    kind: string;
    started_at: string;
    ended_at: string | null;
    result: string;
    sip_status: number | null;
  };
};

type Db = Kysely<object>;
export const callLegTables = (db: Db) => db.withTables<CallLegsTable>();

export async function replaceCallLegs(db: Db, tenantId: string, callId: string, attempts: readonly AttemptRecord[]): Promise<void> {
  await callLegTables(db).deleteFrom('call_legs').where('call_id', '=', callId).execute();
  if (attempts.length === 0) return;
  await callLegTables(db)
    .insertInto('call_legs')
    .values(attempts.map((a, seq) => ({
      call_id: callId,
      seq,
      tenant_id: tenantId,
      target: a.target,
      kind: a.kind,
      started_at: toDbTimestamp(a.startedAt),
      ended_at: toDbTimestamp(a.endedAt),
      result: a.result,
      sip_status: a.sipStatus,
    })))
    .execute();
}

/** The legs of one call of the tenant, in ring order. */
export async function listCallLegs(db: Db, tenantId: string, callId: string): Promise<CallLeg[]> {
  const rows = await callLegTables(db).selectFrom('call_legs').selectAll().where('tenant_id', '=', tenantId).where('call_id', '=', callId).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    target: r.target,
    kind: r.kind as CallLeg['kind'],
    startedAt: r.started_at,
    endedAt: r.ended_at,
    result: r.result as CallLeg['result'],
    sipStatus: r.sip_status === null ? null : Number(r.sip_status),
  }));
}
