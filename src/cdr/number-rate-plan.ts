/**
 * Per-number rate plans: a tenant's 400 number may be rated on its own plan (e.g. a premium
 * number priced apart); calls to other numbers use the tenant's plan.
 */
import type { Kysely } from 'kysely';
import { BillingError } from '../billing/billing-error.ts';
import { getRatePlan, getTenantRatePlan } from '../billing/rate-plan-store.ts';
import type { RatePlan } from '../billing/rate-plan.ts';
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

/** The plan a call to `number400` of the tenant is rated on: the number's own, else the tenant's. */
export async function ratePlanForCall(db: Db, tenantId: string, number400: string): Promise<RatePlan | undefined> {
  const own = await tables(db).selectFrom('number_rate_plans').select('rate_plan_id').where('number_400', '=', number400).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (own) return getRatePlan(db, own.rate_plan_id);
  return getTenantRatePlan(db, tenantId);
}
