/**
 * Per-number rate plans: a tenant's 400 number may be rated on its own plan (e.g. a premium
 * number priced apart); calls to other numbers use the tenant's plan.
 */
import type { Kysely } from 'kysely';
import { BillingError } from '../billing/billing-error.ts';
import { getRatePlan } from '../billing/rate-plan-store.ts';
import type { RatePlanTables } from '../billing/rate-plan-store.ts';
import type { BillingUnitSeconds, RatePlan } from '../billing/rate-plan.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { toDbTimestamp } from '../db/conventions.ts';

export type NumberRatePlansTable = {
  number_rate_plans: { number_400: string; tenant_id: string; rate_plan_id: string; assigned_by: string; assigned_at: string };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<NumberRatePlansTable>();

/** Puts a tenant's number on its own plan; `null` returns it to the tenant's plan. */
export async function assignNumberRatePlan(db: Db, tenantId: string, number400: string, ratePlanId: string | null, by: string, at = new Date()): Promise<void> {
  if (ratePlanId === null) {
    await tables(db).deleteFrom('number_rate_plans').where('tenant_id', '=', tenantId).where('number_400', '=', number400).execute();
    return;
  }
  if ((await getRatePlan(db, ratePlanId)) === undefined) throw new BillingError('RATE_PLAN_NOT_FOUND', 'no such rate plan');
  const now = toDbTimestamp(at);
  await tables(db)
    .insertInto('number_rate_plans')
    .values({ number_400: number400, tenant_id: tenantId, rate_plan_id: ratePlanId, assigned_by: by, assigned_at: now })
    .onConflict((oc) => oc.column('number_400').doUpdateSet({ tenant_id: tenantId, rate_plan_id: ratePlanId, assigned_by: by, assigned_at: now }))
    .execute();
}

// One statement for the call path: the number's own plan, else the tenant's, with its rates.
const planRowsForCall = new PreparedQuery((db, p) =>
  db
    .withTables<RatePlanTables & NumberRatePlansTable>()
    .selectFrom('rate_plans as p')
    .leftJoin('rate_plan_rates as r', 'r.rate_plan_id', 'p.id')
    .select(['p.id', 'p.name', 'p.billing_unit_seconds', 'p.monthly_fee_li', 'p.created_at', 'p.updated_at', 'r.call_type', 'r.li_per_unit'])
    .orderBy('r.call_type')
    .where((eb) =>
      eb(
        'p.id',
        '=',
        eb.fn.coalesce(
          eb.selectFrom('number_rate_plans').select('rate_plan_id').where('number_400', '=', p('number400')).where('tenant_id', '=', p('tenantId')),
          eb.selectFrom('tenant_rate_plans').select('rate_plan_id').where('tenant_id', '=', p('tenantId')),
        ),
      ),
    ),
);

/** The plan a call to `number400` of the tenant is rated on: the number's own, else the tenant's. */
export async function ratePlanForCall(db: Db, tenantId: string, number400: string): Promise<RatePlan | undefined> {
  const { rows } = await planRowsForCall.execute(db, { tenantId, number400 });
  const first = rows[0];
  if (first === undefined) return undefined;
  const rates: Record<string, number> = {};
  for (const r of rows) if (r.call_type !== null && r.li_per_unit !== null) rates[r.call_type] = Number(r.li_per_unit);
  return {
    id: first.id,
    name: first.name,
    billingUnitSeconds: Number(first.billing_unit_seconds) as BillingUnitSeconds,
    monthlyFeeLi: Number(first.monthly_fee_li),
    rates,
    createdAt: first.created_at,
    updatedAt: first.updated_at,
  };
}
