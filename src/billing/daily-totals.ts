/**
 * P3's spending view: per local day of one year, what the tenant spent (call charges, monthly
 * fees, minimum-spend true-ups, as a positive li figure) and topped up. The database sums per
 * UTC hour (or minute, for zones with half-hour offsets); the hours are then put on local days,
 * so a year costs at most 8 784 grouped rows however many calls there were.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { BillingError } from './billing-error.ts';
import { SPENDING_KINDS } from './ledger-entry.ts';
import type { LedgerKind } from './ledger-entry.ts';
import { ledgerTables } from './ledger-store.ts';
import { isoDate, localMidnightUtc } from './zoned-calendar.ts';

export interface DailyTotal {
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Li spent that day (≥ 0 unless refunds by negative charges were booked). */
  readonly spendLi: number;
  readonly topUpLi: number;
}

export interface DailyTotals {
  readonly tenantId: string;
  readonly year: number;
  readonly timeZone: string;
  /** Every day of the year, in order (365 or 366). */
  readonly days: readonly DailyTotal[];
  readonly spendLi: number;
  readonly topUpLi: number;
}

/** Starts of each local day of `year`, plus the start of the next year (UTC ms). */
function dayStarts(year: number, timeZone: string): { starts: number[]; dates: string[] } {
  const starts: number[] = [];
  const dates: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
    starts.push(localMidnightUtc(year, d.getUTCMonth() + 1, d.getUTCDate(), timeZone));
    dates.push(isoDate(year, d.getUTCMonth() + 1, d.getUTCDate()));
  }
  starts.push(localMidnightUtc(year + 1, 1, 1, timeZone));
  return { starts, dates };
}

/** Index of the day containing `t` (starts[i] ≤ t < starts[i+1]). */
function dayIndex(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Grouping width: a UTC hour when every local midnight is on a whole hour, else a minute. */
function bucketLength(starts: readonly number[]): 13 | 16 {
  return starts.every((s) => s % 3_600_000 === 0) ? 13 : 16;
}

export async function dailyTotals(db: Kysely<object>, tenantId: string, year: number, timeZone: string): Promise<DailyTotals> {
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new BillingError('INVALID_PERIOD', 'year must be 2000–2200');
  let calendar: { starts: number[]; dates: string[] };
  try {
    calendar = dayStarts(year, timeZone);
  } catch {
    throw new BillingError('INVALID_PERIOD', `'${timeZone.slice(0, 64)}' is not a time zone`);
  }
  const { starts, dates } = calendar;
  const width = bucketLength(starts);
  const bucket = sql<string>`substr(created_at, 1, ${sql.lit(width)})`;
  const rows = await ledgerTables(db)
    .selectFrom('ledger_entries')
    .select((eb) => [bucket.as('bucket'), 'kind', eb.fn.sum<number>('amount_li').as('sum')])
    .where('tenant_id', '=', tenantId)
    .where('kind', 'in', [...SPENDING_KINDS, 'top_up'])
    .where('created_at', '>=', toDbTimestamp(new Date(starts[0] ?? 0)))
    .where('created_at', '<', toDbTimestamp(new Date(starts[starts.length - 1] ?? 0)))
    .groupBy([bucket, 'kind'])
    .execute();
  const days = dates.map((date) => ({ date, spendLi: 0, topUpLi: 0 }));
  const suffix = width === 13 ? ':00:00.000Z' : ':00.000Z';
  for (const row of rows) {
    const day = days[dayIndex(starts, Date.parse(`${row.bucket}${suffix}`))];
    if (day === undefined) continue;
    const sum = Number(row.sum);
    if ((row.kind as LedgerKind) === 'top_up') day.topUpLi += sum;
    else day.spendLi -= sum;
  }
  return {
    tenantId,
    year,
    timeZone,
    days,
    spendLi: days.reduce((a, d) => a + d.spendLi, 0),
    topUpLi: days.reduce((a, d) => a + d.topUpLi, 0),
  };
}
