/**
 * P6's call analysis for a period: per 400 number (calls, answered, busy, no answer, total and
 * average talk time) and per bound phone rung (times rung, answered, busy, no answer, talk). The
 * database groups; nothing is loaded row by row.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { callRecordTables } from '../cdr/call-record-store.ts';
import type { CallRecordsTable } from '../cdr/call-record-store.ts';
import type { CallLegsTable } from '../cdr/call-leg-store.ts';

export interface CallStats {
  calls: number;
  answered: number;
  busy: number;
  noAnswer: number;
  talkSeconds: number;
  /** Whole seconds, rounded down; 0 when nothing was answered. */
  averageTalkSeconds: number;
}

export interface NumberStats extends CallStats {
  number400: string;
}

export interface PhoneStats extends CallStats {
  /** The number or SIP user rung. */
  phone: string;
  kind: string;
}

export interface CallAnalysis {
  from: string;
  to: string;
  numbers: NumberStats[];
  phones: PhoneStats[];
}

const count = (expr: ReturnType<typeof sql.raw>) => sql<number>`sum(case when ${expr} then 1 else 0 end)`;

function stats(r: { calls: unknown; answered: unknown; busy: unknown; no_answer: unknown; talk: unknown }): CallStats {
  const answered = Number(r.answered ?? 0);
  const talkSeconds = Number(r.talk ?? 0);
  return {
    calls: Number(r.calls ?? 0),
    answered,
    busy: Number(r.busy ?? 0),
    noAnswer: Number(r.no_answer ?? 0),
    talkSeconds,
    averageTalkSeconds: answered === 0 ? 0 : Math.floor(talkSeconds / answered),
  };
}

export async function callAnalysis(db: Kysely<object>, tenantId: string, from: Date, to: Date): Promise<CallAnalysis> {
  const f = toDbTimestamp(from);
  const t = toDbTimestamp(to);
  const numbers = await callRecordTables(db)
    .selectFrom('call_records')
    .select((eb) => [
      'number_400',
      eb.fn.countAll<number>().as('calls'),
      count(sql.raw(`outcome in ('answered', 'interrupted') and answered_at is not null`)).as('answered'),
      count(sql.raw(`outcome = 'busy'`)).as('busy'),
      count(sql.raw(`outcome = 'no_answer'`)).as('no_answer'),
      eb.fn.coalesce(eb.fn.sum<number>('talk_seconds'), eb.lit(0)).as('talk'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('started_at', '>=', f)
    .where('started_at', '<', t)
    .groupBy('number_400')
    .orderBy('number_400')
    .execute();
  const phones = await db
    .withTables<CallLegsTable & CallRecordsTable>()
    .selectFrom('call_legs as l')
    .innerJoin('call_records as r', 'r.id', 'l.call_id')
    .select((eb) => [
      'l.target',
      'l.kind',
      eb.fn.countAll<number>().as('calls'),
      count(sql.raw(`l.result = 'answered'`)).as('answered'),
      count(sql.raw(`l.result = 'busy'`)).as('busy'),
      count(sql.raw(`l.result = 'no_answer'`)).as('no_answer'),
      sql<number>`sum(case when l.result = 'answered' then r.talk_seconds else 0 end)`.as('talk'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('r.started_at', '>=', f)
    .where('r.started_at', '<', t)
    .groupBy(['l.target', 'l.kind'])
    .orderBy('l.target')
    .execute();
  return {
    from: f,
    to: t,
    numbers: numbers.map((r) => ({ number400: r.number_400, ...stats(r) })),
    phones: phones.map((r) => ({ phone: r.target, kind: r.kind, ...stats(r) })),
  };
}
