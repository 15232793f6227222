/**
 * Rate plans and which plan each tenant is on. A plan's rates live one row per call type, so a
 * plan is data the operator edits, not code.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { BillingError } from './billing-error.ts';
import { normaliseRatePlanInput } from './rate-plan-input.ts';
import type { BillingUnitSeconds, RatePlan, RatePlanInput } from './rate-plan.ts';

export type RatePlanTables = {
  rate_plans: {
    id: string;
    name: string;
    billing_unit_seconds: number;
    monthly_fee_li: number;
    created_at: string;
    updated_at: string;
  };
  rate_plan_rates: { rate_plan_id: string; call_type: string; li_per_unit: number };
  tenant_rate_plans: { tenant_id: string; rate_plan_id: string; assigned_by: string; assigned_at: string };
};

type Db = Kysely<object>;
type PlanRow = RatePlanTables['rate_plans'];
const tables = (db: Db) => db.withTables<RatePlanTables>();

async function withRates(db: Db, rows: PlanRow[]): Promise<RatePlan[]> {
  if (rows.length === 0) return [];
  const rateRows = await tables(db)
    .selectFrom('rate_plan_rates')
    .selectAll()
    .where('rate_plan_id', 'in', rows.map((r) => r.id))
    .orderBy('call_type')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    billingUnitSeconds: row.billing_unit_seconds as BillingUnitSeconds,
    monthlyFeeLi: row.monthly_fee_li,
    rates: Object.fromEntries(rateRows.filter((r) => r.rate_plan_id === row.id).map((r) => [r.call_type, r.li_per_unit])),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function listRatePlans(db: Db): Promise<RatePlan[]> {
  return withRates(db, await tables(db).selectFrom('rate_plans').selectAll().orderBy('name').execute());
}

export async function getRatePlan(db: Db, id: string): Promise<RatePlan | undefined> {
  const [plan] = await withRates(db, await tables(db).selectFrom('rate_plans').selectAll().where('id', '=', id).execute());
  return plan;
}

async function byName(db: Db, name: string): Promise<RatePlan | undefined> {
  const [plan] = await withRates(db, await tables(db).selectFrom('rate_plans').selectAll().where('name', '=', name).execute());
  return plan;
}

async function writeRates(db: Db, planId: string, rates: Readonly<Record<string, number>>): Promise<void> {
  await tables(db).deleteFrom('rate_plan_rates').where('rate_plan_id', '=', planId).execute();
  const rows = Object.entries(rates).map(([call_type, li_per_unit]) => ({ rate_plan_id: planId, call_type, li_per_unit }));
  if (rows.length > 0) await tables(db).insertInto('rate_plan_rates').values(rows).execute();
}

async function insert(db: Db, plan: RatePlanInput, at: Date): Promise<RatePlan> {
  const now = toDbTimestamp(at);
  const id = newId();
  await tables(db)
    .insertInto('rate_plans')
    .values({ id, name: plan.name, billing_unit_seconds: plan.billingUnitSeconds, monthly_fee_li: plan.monthlyFeeLi, created_at: now, updated_at: now })
    .execute();
  await writeRates(db, id, plan.rates);
  return { id, ...plan, createdAt: now, updatedAt: now };
}

function same(a: RatePlanInput, b: RatePlanInput): boolean {
  return a.name === b.name && a.billingUnitSeconds === b.billingUnitSeconds && a.monthlyFeeLi === b.monthlyFeeLi && JSON.stringify(a.rates) === JSON.stringify(b.rates);
}

async function replace(db: Db, current: RatePlan, plan: RatePlanInput, at: Date): Promise<RatePlan> {
  if (same(normaliseRatePlanInput(current), plan)) return current;
  const now = toDbTimestamp(at);
  await tables(db)
    .updateTable('rate_plans')
    .set({ name: plan.name, billing_unit_seconds: plan.billingUnitSeconds, monthly_fee_li: plan.monthlyFeeLi, updated_at: now })
    .where('id', '=', current.id)
    .execute();
  await writeRates(db, current.id, plan.rates);
  return { id: current.id, ...plan, createdAt: current.createdAt, updatedAt: now };
}

export async function createRatePlan(db: Db, input: RatePlanInput, _by: string, at = new Date()): Promise<RatePlan> {
  const plan = normaliseRatePlanInput(input);
  return withTransaction(db, async (trx) => {
    if ((await byName(trx, plan.name)) !== undefined) throw new BillingError('RATE_PLAN_NAME_TAKEN', `a rate plan named '${plan.name}' exists`);
    return insert(trx, plan, at);
  });
}

/** Replaces a plan's name, unit, fee and rates. Charges already booked keep their amounts. */
export async function updateRatePlan(db: Db, id: string, input: RatePlanInput, _by: string, at = new Date()): Promise<RatePlan> {
  const plan = normaliseRatePlanInput(input);
  return withTransaction(db, async (trx) => {
    const current = await getRatePlan(trx, id);
    if (current === undefined) throw new BillingError('RATE_PLAN_NOT_FOUND', 'no such rate plan');
    const holder = await byName(trx, plan.name);
    if (holder !== undefined && holder.id !== id) throw new BillingError('RATE_PLAN_NAME_TAKEN', `a rate plan named '${plan.name}' exists`);
    return replace(trx, current, plan, at);
  });
}

/** Creates the plan with this name or brings it to `input` (idempotent, for `hotline import`). */
export async function upsertRatePlan(db: Db, input: RatePlanInput, _by: string, at = new Date()): Promise<{ plan: RatePlan; created: boolean }> {
  const plan = normaliseRatePlanInput(input);
  return withTransaction(db, async (trx) => {
    const current = await byName(trx, plan.name);
    if (current === undefined) return { plan: await insert(trx, plan, at), created: true };
    return { plan: await replace(trx, current, plan, at), created: false };
  });
}

/** Deletes a plan no tenant is on. */
export async function deleteRatePlan(db: Db, id: string, _by: string): Promise<void> {
  await withTransaction(db, async (trx) => {
    const user = await tables(trx).selectFrom('tenant_rate_plans').select('tenant_id').where('rate_plan_id', '=', id).executeTakeFirst();
    if (user !== undefined) throw new BillingError('RATE_PLAN_IN_USE', 'tenants are on this plan; move them first');
    await tables(trx).deleteFrom('rate_plan_rates').where('rate_plan_id', '=', id).execute();
    const result = await tables(trx).deleteFrom('rate_plans').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw new BillingError('RATE_PLAN_NOT_FOUND', 'no such rate plan');
  });
}

/** Puts a tenant on a plan (replacing its previous one). */
export async function assignRatePlan(db: Db, tenantId: string, ratePlanId: string, by: string, at = new Date()): Promise<void> {
  await withTransaction(db, async (trx) => {
    if ((await getTenant(trx, tenantId)) === undefined) throw new BillingError('TENANT_NOT_FOUND', 'no such tenant');
    if ((await getRatePlan(trx, ratePlanId)) === undefined) throw new BillingError('RATE_PLAN_NOT_FOUND', 'no such rate plan');
    const now = toDbTimestamp(at);
    await tables(trx)
      .insertInto('tenant_rate_plans')
      .values({ tenant_id: tenantId, rate_plan_id: ratePlanId, assigned_by: by, assigned_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ rate_plan_id: ratePlanId, assigned_by: by, assigned_at: now }))
      .execute();
  });
}

/** The plan a tenant is on, or undefined when none is assigned. */
export async function getTenantRatePlan(db: Db, tenantId: string): Promise<RatePlan | undefined> {
  const row = await tables(db).selectFrom('tenant_rate_plans').select('rate_plan_id').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && getRatePlan(db, row.rate_plan_id);
}
