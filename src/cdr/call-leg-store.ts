/**
 * Leg records (P2: one per ring attempt — who was rung, how long, the result). Written with the
 * call record's answer and close, in their transactions.
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
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
    queue_id: string | null;
    agent_id: string | null;
  };
};

type Db = Kysely<object>;
export const callLegTables = (db: Db) => db.withTables<CallLegsTable>();

const upsertLeg = new PreparedQuery((db, p) =>
  callLegTables(db)
    .insertInto('call_legs')
    .values({
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
    })
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

/**
 * Stores the call's attempts so far. The list only grows during a call (an attempt is appended
 * when it ends), so row `seq` is written or rewritten and none is ever removed.
 */
export async function saveCallLegs(db: Db, tenantId: string, callId: string, attempts: readonly AttemptRecord[]): Promise<void> {
  for (const [seq, a] of attempts.entries()) {
    await upsertLeg.execute(db, {
      callId,
      seq,
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
