/**
 * A number's usage in one month, from the call records: calls admitted (every record whose
 * outcome is not a refusal — calls still up count, their outcome is null) and their cost. One
 * query over the index `call_records (tenant_id, number_400, started_at)`; the cap gate runs it
 * once per number and month and then counts in memory.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { callRecordTables } from '../cdr/call-record-store.ts';
import type { RefusalOutcome } from '../cdr/call-record.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import type { CapMonth } from './cap-month.ts';

export interface MonthlyUsage {
  calls: number;
  spendLi: number;
}

const REFUSALS: readonly RefusalOutcome[] = ['blocked', 'over_cap', 'no_balance', 'closed'];

export async function queryMonthlyUsage(db: Kysely<object>, tenantId: string, number400: string, month: CapMonth): Promise<MonthlyUsage> {
  const row = await callRecordTables(db)
    .selectFrom('call_records')
    .select((eb) => [
      eb.fn.count<number>('id').as('calls'),
      eb.fn.coalesce(eb.fn.sum<number>('cost_li'), sql<number>`0`).as('spend'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('number_400', '=', number400)
    .where('started_at', '>=', toDbTimestamp(new Date(month.fromMs)))
    .where('started_at', '<', toDbTimestamp(new Date(month.toMs)))
    .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', 'not in', REFUSALS)]))
    .executeTakeFirst();
  return { calls: Number(row?.calls ?? 0), spendLi: Number(row?.spend ?? 0) };
}
