/**
 * Leg records (P2: one per ring attempt — who was rung, how long, the result). A leg record is
 * inserted as its phone starts to be rung (result `ringing`, no end), so a crash still shows who
 * was being rung; it is completed with the call record's answer and close, in their transactions,
 * and one left `ringing` by a crash is closed as `interrupted` at the next start.
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import type { SlotFn } from '../db/prepared-query.ts';
import type { AttemptRecord, AttemptStart, CallLeg } from './call-record.ts';

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
    queue_id: string | null;
    agent_id: string | null;
  };
};

type Db = Kysely<object>;
export const callLegTables = (db: Db) => db.withTables<CallLegsTable>();

type LegSlot = 'callId' | 'seq' | 'tenantId' | 'target' | 'kind' | 'startedAt' | 'endedAt' | 'result' | 'sipStatus' | 'queueId' | 'agentId';
const legRow = (p: SlotFn<LegSlot>) => ({
  call_id: p('callId'),
  seq: p<number>('seq'),
  tenant_id: p('tenantId'),
  target: p('target'),
  kind: p('kind'),
  started_at: p('startedAt'),
  ended_at: p<string | null>('endedAt'),
  result: p('result'),
  sip_status: p<number | null>('sipStatus'),
  queue_id: p<string | null>('queueId'),
  agent_id: p<string | null>('agentId'),
});

const upsertLeg = new PreparedQuery<LegSlot>((db, p) =>
  callLegTables(db)
    .insertInto('call_legs')
    .values(legRow(p))
    .onConflict((oc) =>
      oc.columns(['call_id', 'seq']).doUpdateSet((eb) => ({
        target: eb.ref('excluded.target'),
        kind: eb.ref('excluded.kind'),
        started_at: eb.ref('excluded.started_at'),
        ended_at: eb.ref('excluded.ended_at'),
        result: eb.ref('excluded.result'),
        sip_status: eb.ref('excluded.sip_status'),
        queue_id: eb.ref('excluded.queue_id'),
        agent_id: eb.ref('excluded.agent_id'),
      })),
    ),
);

// Insert-only: when the answer or the close (which upsert) got there first, the ringing row would
// only set an ended attempt back to ringing.
const insertLeg = new PreparedQuery<LegSlot>((db, p) =>
  callLegTables(db)
    .insertInto('call_legs')
    .values(legRow(p))
    .onConflict((oc) => oc.columns(['call_id', 'seq']).doNothing()),
);

/** A phone is about to be rung: its leg record, `ringing` with no end yet. */
export async function openCallLeg(db: Db, callId: string, leg: AttemptStart): Promise<void> {
  await insertLeg.execute(db, {
    callId,
    seq: leg.seq,
    tenantId: leg.tenantId,
    target: leg.target,
    kind: leg.kind,
    startedAt: toDbTimestamp(leg.startedAt),
    endedAt: null,
    result: 'ringing',
    sipStatus: null,
    queueId: leg.queueId ?? null,
    agentId: leg.agentId ?? null,
  });
}

/**
 * Stores the call's ended attempts so far, each under the `seq` it got when it started (the
 * ringing row it replaces). Rows are written or rewritten, never removed.
 */
export async function saveCallLegs(db: Db, tenantId: string, callId: string, attempts: readonly AttemptRecord[]): Promise<void> {
  for (const a of attempts) {
    await upsertLeg.execute(db, {
      callId,
      seq: a.seq,
      tenantId,
      target: a.target,
      kind: a.kind,
      startedAt: toDbTimestamp(a.startedAt),
      endedAt: toDbTimestamp(a.endedAt),
      result: a.result,
      sipStatus: a.sipStatus,
      queueId: a.queueId ?? null,
      agentId: a.agentId ?? null,
    });
  }
}

/** The call's legs still ringing when the process died: closed as `interrupted` at `endedAt`. */
export async function closeRingingLegs(db: Db, callId: string, endedAt: Date): Promise<number> {
  const res = await callLegTables(db)
    .updateTable('call_legs')
    .set({ ended_at: toDbTimestamp(endedAt), result: 'interrupted' })
    .where('call_id', '=', callId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
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
    queueId: r.queue_id,
    agentId: r.agent_id,
  }));
}
