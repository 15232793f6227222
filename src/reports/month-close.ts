/**
 * Month close: for every tenant on a rate plan, the plan's monthly fee and the minimum-spend
 * true-up (N3: each 400 number's class carries a minimum monthly spend; a tenant owes the sum over
 * the numbers it holds in service) are posted through billing's functions. Both are booked at the
 * month's last instant in the tenant's zone, so they belong to the month they close, and both are
 * idempotent by reference: running it again books nothing new. `hotline month-close YYYY-MM` runs
 * it; the platform may schedule it for the month just ended.
 */
import type { Kysely } from 'kysely';
import { BillingError } from '../billing/billing-error.ts';
import { chargeMonthlyFee, trueUpMinimumSpend } from '../billing/monthly-charges.ts';
import { monthBounds } from '../billing/monthly-statement.ts';
import { getTenantRatePlan } from '../billing/rate-plan-store.ts';
import { getClassTerms } from '../numbers/class-terms.ts';
import { listTenantNumbers } from '../numbers/number-inventory.ts';
import { listTenants } from '../tenants/tenant-store.ts';

export interface TenantMonthClose {
  tenantId: string;
  code: string;
  feeLi: number;
  minimumLi: number;
  trueUpLi: number;
}

export interface MonthCloseResult {
  month: string;
  tenants: TenantMonthClose[];
}

/** Statuses in which a number counts toward the minimum spend (it is held and in service). */
const IN_SERVICE = new Set(['active', 'suspended']);

async function minimumSpendOf(db: Kysely<object>, tenantId: string): Promise<number> {
  let sum = 0;
  for (const n of await listTenantNumbers(db, tenantId)) {
    if (!IN_SERVICE.has(n.status)) continue;
    sum += (await getClassTerms(db, n.ruleSet, n.classCode)).terms.minMonthlySpendLi;
  }
  return sum;
}

/** Closes `month` (`YYYY-MM`); refuses a month that has not ended yet in some tenant's zone at `now`. */
export async function closeMonth(db: Kysely<object>, month: string, now: Date = new Date()): Promise<MonthCloseResult> {
  const result: MonthCloseResult = { month, tenants: [] };
  for (const tenant of await listTenants(db)) {
    if ((await getTenantRatePlan(db, tenant.id)) === undefined) continue;
    const end = Date.parse(monthBounds(month, tenant.timeZone).to);
    if (end > now.getTime()) throw new BillingError('INVALID_PERIOD', `${month} has not ended yet in ${tenant.timeZone}`);
    const at = new Date(end - 1);
    const fee = await chargeMonthlyFee(db, tenant.id, month, 'system', at);
    const minimumLi = await minimumSpendOf(db, tenant.id);
    const trueUp = await trueUpMinimumSpend(db, tenant.id, month, minimumLi, tenant.timeZone, 'system', at);
    result.tenants.push({ tenantId: tenant.id, code: tenant.code, feeLi: fee ? -fee.amountLi : 0, minimumLi, trueUpLi: trueUp ? -trueUp.amountLi : 0 });
  }
  return result;
}

/** The `YYYY-MM` before the one containing `now` in `zone` (what a scheduler closes). */
export function previousMonth(now: Date, zone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = Number(parts.find((p) => p.type === 'year')?.value);
  const m = Number(parts.find((p) => p.type === 'month')?.value);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
