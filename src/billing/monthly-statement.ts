/**
 * A tenant's statement for one calendar month of its own time zone: the balance before the
 * month, every entry in it, the totals per kind, and the balance after. Closing = opening + the
 * sum of the entries, always (the test proves it on both dialects).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { BillingError } from './billing-error.ts';
import { LEDGER_KINDS } from './ledger-entry.ts';
import type { LedgerEntry, LedgerKind } from './ledger-entry.ts';
import { ledgerTables, toLedgerEntry } from './ledger-store.ts';
import { localMidnightUtc } from './zoned-calendar.ts';

export interface MonthlyStatement {
  readonly tenantId: string;
  /** `YYYY-MM` in `timeZone`. */
  readonly month: string;
  readonly timeZone: string;
  /** First instant of the month and of the next one, UTC ISO. */
  readonly from: string;
  readonly to: string;
  readonly openingBalanceLi: number;
  readonly entries: readonly LedgerEntry[];
  readonly totalsLi: Readonly<Record<LedgerKind, number>>;
  readonly closingBalanceLi: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** UTC bounds of a local month; throws `invalid_period` for a malformed month or zone. */
export function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  const m = MONTH.exec(month);
  if (m === null) throw new BillingError('INVALID_PERIOD', `'${month.slice(0, 20)}' is not a YYYY-MM month`);
  const year = Number(m[1]);
  const index = Number(m[2]);
  try {
    const from = localMidnightUtc(year, index, 1, timeZone);
    const to = index === 12 ? localMidnightUtc(year + 1, 1, 1, timeZone) : localMidnightUtc(year, index + 1, 1, timeZone);
    return { from: toDbTimestamp(new Date(from)), to: toDbTimestamp(new Date(to)) };
  } catch {
    throw new BillingError('INVALID_PERIOD', `'${timeZone.slice(0, 64)}' is not a time zone`);
  }
}

export async function monthlyStatement(db: Kysely<object>, tenantId: string, month: string, timeZone: string): Promise<MonthlyStatement> {
  const { from, to } = monthBounds(month, timeZone);
  const opening = await ledgerTables(db)
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_li'), eb.lit(0)).as('sum'))
    .where('tenant_id', '=', tenantId)
    .where('created_at', '<', from)
    .executeTakeFirstOrThrow();
  const rows = await ledgerTables(db)
    .selectFrom('ledger_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const entries = rows.map(toLedgerEntry);
  const totalsLi = Object.fromEntries(LEDGER_KINDS.map((k) => [k, 0])) as Record<LedgerKind, number>;
  let sum = 0;
  for (const e of entries) {
    totalsLi[e.kind] += e.amountLi;
    sum += e.amountLi;
  }
  const openingBalanceLi = Number(opening.sum);
  return { tenantId, month, timeZone, from, to, openingBalanceLi, entries, totalsLi, closingBalanceLi: openingBalanceLi + sum };
}
