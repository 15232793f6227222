import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { BillingError } from '../../src/billing/billing-error.ts';
import {
  assignRatePlan,
  createRatePlan,
  deleteRatePlan,
  getRatePlan,
  getTenantRatePlan,
  listRatePlans,
  updateRatePlan,
  upsertRatePlan,
} from '../../src/billing/rate-plan-store.ts';
import type { RatePlanInput } from '../../src/billing/rate-plan.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-01T00:00:00.000Z');
const T1 = new Date('2026-11-02T00:00:00.000Z');

const basic: RatePlanInput = {
  name: 'Basic 6s',
  billingUnitSeconds: 6,
  monthlyFeeLi: 100_000,
  rates: { inbound_forward_mobile: 15, inbound_agent: 10, inbound_forward_landline: 12 },
};

function isBillingError(code: string) {
  return (e: unknown) => e instanceof BillingError && e.code === code;
}

async function tenant(db: Kysely<object>, code: string) {
  return createTenant(db, { code, name: code, contact: { name: 'x', phone: '1', email: null } }, 'op', T0);
}

forEachDialect('rate plan store', ({ open }) => {
  test('create, read back with rates sorted, list', async () => {
    const { db } = await open();
    const plan = await createRatePlan(db, basic, 'op', T0);
    assert.deepEqual(plan.rates, { inbound_agent: 10, inbound_forward_landline: 12, inbound_forward_mobile: 15 });
    assert.deepEqual(await getRatePlan(db, plan.id), plan);
    await createRatePlan(db, { ...basic, name: 'A minute', billingUnitSeconds: 60, rates: {} }, 'op', T0);
    assert.deepEqual((await listRatePlans(db)).map((p) => [p.name, Object.keys(p.rates).length]), [['A minute', 0], ['Basic 6s', 3]]);
    await assert.rejects(createRatePlan(db, basic, 'op', T0), isBillingError('RATE_PLAN_NAME_TAKEN'));
  });

  test('upsert by name is idempotent; update replaces the rates', async () => {
    const { db } = await open();
    const a = await upsertRatePlan(db, basic, 'op', T0);
    const b = await upsertRatePlan(db, basic, 'op', T1);
    assert.equal(a.created, true);
    assert.equal(b.created, false);
    assert.deepEqual(b.plan, a.plan);
    const u = await updateRatePlan(db, a.plan.id, { ...basic, rates: { outbound_mobile: 20 }, monthlyFeeLi: 0 }, 'op', T1);
    assert.deepEqual(u.rates, { outbound_mobile: 20 });
    assert.equal(u.updatedAt, '2026-11-02T00:00:00.000Z');
    assert.deepEqual(await getRatePlan(db, a.plan.id), u);
    await assert.rejects(updateRatePlan(db, 'nope', basic, 'op', T1), isBillingError('RATE_PLAN_NOT_FOUND'));
  });

  test('invalid plans are refused and write nothing', async () => {
    const { db } = await open();
    const bad: RatePlanInput[] = [
      { ...basic, name: '' },
      { ...basic, name: ' padded' },
      { ...basic, billingUnitSeconds: 30 as never },
      { ...basic, monthlyFeeLi: -1 },
      { ...basic, monthlyFeeLi: 0.5 },
      { ...basic, rates: { inbound_agent: 1.5 } },
      { ...basic, rates: { inbound_agent: -1 } },
      { ...basic, rates: { 'Bad Type': 1 } },
      { ...basic, rates: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 1])) },
    ];
    for (const input of bad) await assert.rejects(createRatePlan(db, input, 'op', T0), isBillingError('INVALID_RATE_PLAN'), JSON.stringify(input).slice(0, 100));
    assert.deepEqual(await listRatePlans(db), []);
  });

  test('assignment to tenants; a plan in use cannot be deleted', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    const plan = await createRatePlan(db, basic, 'op', T0);
    const other = await createRatePlan(db, { ...basic, name: 'Other' }, 'op', T0);
    assert.equal(await getTenantRatePlan(db, t.id), undefined);
    await assignRatePlan(db, t.id, plan.id, 'op', T0);
    assert.equal((await getTenantRatePlan(db, t.id))?.id, plan.id);
    await assignRatePlan(db, t.id, other.id, 'op', T1);
    assert.equal((await getTenantRatePlan(db, t.id))?.id, other.id);
    await assert.rejects(deleteRatePlan(db, other.id, 'op'), isBillingError('RATE_PLAN_IN_USE'));
    await deleteRatePlan(db, plan.id, 'op');
    assert.equal(await getRatePlan(db, plan.id), undefined);
    await assert.rejects(deleteRatePlan(db, plan.id, 'op'), isBillingError('RATE_PLAN_NOT_FOUND'));
    await assert.rejects(assignRatePlan(db, 'nope', other.id, 'op', T0), isBillingError('TENANT_NOT_FOUND'));
    await assert.rejects(assignRatePlan(db, t.id, 'nope', 'op', T0), isBillingError('RATE_PLAN_NOT_FOUND'));
  });
});
