/**
 * The month-end bookings: the plan's monthly fee, and the true-up to a minimum monthly spend
 * (N3: a number's class carries one) when the month's spending fell short. Both are idempotent
 * per tenant and month through their references.
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import { BillingError } from './billing-error.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { postLedgerEntry } from './ledger-store.ts';
import { monthlyStatement } from './monthly-statement.ts';
import { getTenantRatePlan } from './rate-plan-store.ts';

export const monthlyFeeReference = (tenantId: string, month: string) => `monthly-fee:${tenantId}:${month}`;
export const trueUpReference = (tenantId: string, month: string) => `minimum-spend:${tenantId}:${month}`;

/** Books the plan's monthly fee for `month` (`YYYY-MM`); undefined when the fee is 0. */
export async function chargeMonthlyFee(db: Kysely<object>, tenantId: string, month: string, by = 'system', at = new Date()): Promise<LedgerEntry | undefined> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BillingError('INVALID_PERIOD', 'month must be YYYY-MM');
  const plan = await getTenantRatePlan(db, tenantId);
  if (plan === undefined) throw new BillingError('NO_RATE_PLAN', 'the tenant has no rate plan');
  if (plan.monthlyFeeLi === 0) return undefined;
  const { entry } = await postLedgerEntry(
    db,
    { tenantId, kind: 'monthly_fee', amountLi: -plan.monthlyFeeLi, reference: monthlyFeeReference(tenantId, month), note: `${plan.name} ${month}` },
    by,
    at,
  );
  return entry;
}

/**
 * After a month closes: when the tenant's spending in it (calls and monthly fee) is below
 * `minimumLi`, books the difference. Undefined when nothing is owed. Post it after the month's
 * other charges; a re-run books nothing new, and is refused (`ledger_conflict`) if a charge
 * booked into the month since then changed what is owed.
 */
export async function trueUpMinimumSpend(
  db: Kysely<object>,
  tenantId: string,
  month: string,
  minimumLi: number,
  timeZone: string,
  by = 'system',
  at = new Date(),
): Promise<LedgerEntry | undefined> {
  if (!Number.isSafeInteger(minimumLi) || minimumLi < 0) throw new BillingError('INVALID_AMOUNT', 'minimum spend must be a whole, non-negative number of li');
  return withTransaction(db, async (trx) => {
    const statement = await monthlyStatement(trx, tenantId, month, timeZone);
    const spent = -(statement.totalsLi.call_charge + statement.totalsLi.monthly_fee);
    const owed = minimumLi - spent;
    if (owed <= 0) return undefined;
    const { entry } = await postLedgerEntry(
      trx,
      { tenantId, kind: 'minimum_spend_true_up', amountLi: -owed, reference: trueUpReference(tenantId, month), note: `minimum ${minimumLi} li, spent ${spent} li` },
      by,
      at,
    );
    return entry;
  });
}
