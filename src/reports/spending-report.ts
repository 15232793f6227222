/**
 * P3's spending view for one year of the tenant's zone: daily totals (billing's `dailyTotals`)
 * and the monthly deductions, summed from the same days so the two always agree.
 */
import type { Kysely } from 'kysely';
import { dailyTotals } from '../billing/daily-totals.ts';
import type { DailyTotal } from '../billing/daily-totals.ts';

export interface MonthlyDeduction {
  /** `YYYY-MM`. */
  month: string;
  spendLi: number;
  topUpLi: number;
}

export interface SpendingReport {
  year: number;
  timeZone: string;
  days: readonly DailyTotal[];
  months: MonthlyDeduction[];
  spendLi: number;
  topUpLi: number;
}

export async function spendingReport(db: Kysely<object>, tenantId: string, year: number, timeZone: string): Promise<SpendingReport> {
  const totals = await dailyTotals(db, tenantId, year, timeZone);
  const months = new Map<string, MonthlyDeduction>();
  for (const d of totals.days) {
    const month = d.date.slice(0, 7);
    const m = months.get(month) ?? { month, spendLi: 0, topUpLi: 0 };
    m.spendLi += d.spendLi;
    m.topUpLi += d.topUpLi;
    months.set(month, m);
  }
  return { year, timeZone, days: totals.days, months: [...months.values()], spendLi: totals.spendLi, topUpLi: totals.topUpLi };
}
