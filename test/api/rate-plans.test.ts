import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listRatePlans } from '../../src/billing/rate-plan-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

const plan = { name: 'Standard', billingUnitSeconds: 60, monthlyFeeLi: 100_000, rates: { inbound_forward_mobile: 150, inbound_agent: 100 } };

forEachDialect('api rate plans', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  let admin: Caller;
  let tenantId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    op = await h.as(null, 'root', 'operator_admin');
    tenantId = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(tenantId, 'acme-admin', 'tenant_admin');
  });
  after(() => h?.close());

  test('CRUD, assignment to a tenant, and refusal to delete a plan in use', async () => {
    const created = await h.call(op, 'POST', '/api/v1/rate-plans', { body: plan });
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    assert.deepEqual(p.rates, { inbound_agent: 100, inbound_forward_mobile: 150 });
    assert.equal((await h.call(op, 'POST', '/api/v1/rate-plans', { body: plan })).statusCode, 409);

    const updated = await h.call(op, 'PUT', `/api/v1/rate-plans/${p.id}`, { body: { ...plan, billingUnitSeconds: 6, rates: { inbound_agent: 10 } } });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual([updated.json().billingUnitSeconds, updated.json().rates], [6, { inbound_agent: 10 }]);

    assert.equal((await h.call(op, 'GET', `/api/v1/tenants/${tenantId}/rate-plan`)).statusCode, 404);
    const assigned = await h.call(op, 'PUT', `/api/v1/tenants/${tenantId}/rate-plan`, { body: { ratePlanId: p.id } });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal((await h.call(op, 'GET', `/api/v1/tenants/${tenantId}/rate-plan`)).json().id, p.id);
    assert.equal((await h.call(op, 'PUT', `/api/v1/tenants/${tenantId}/rate-plan`, { body: { ratePlanId: 'nope' } })).statusCode, 404);
    assert.equal((await h.call(op, 'PUT', '/api/v1/tenants/nope/rate-plan', { body: { ratePlanId: p.id } })).statusCode, 404);

    const inUse = await h.call(op, 'DELETE', `/api/v1/rate-plans/${p.id}`);
    assert.equal(inUse.statusCode, 409);
    assert.equal(inUse.json().code, 'RATE_PLAN_IN_USE');

    const spare = (await h.call(op, 'POST', '/api/v1/rate-plans', { body: { ...plan, name: 'Spare' } })).json();
    assert.equal((await h.call(op, 'DELETE', `/api/v1/rate-plans/${spare.id}`)).statusCode, 204);
    assert.deepEqual((await h.call(op, 'GET', '/api/v1/rate-plans')).json().map((x: { name: string }) => x.name), ['Standard']);

    // The tenant admin sees the assignment in the audit log and the plan on its account.
    const audit = (await h.call(admin, 'GET', '/api/v1/audit')).json() as Array<{ action: string }>;
    assert.ok(audit.some((e) => e.action === 'rate-plan.assign'));
    assert.equal((await h.call(admin, 'GET', '/api/v1/account')).json().ratePlan.id, p.id);
  });

  test('money must be whole li; units 6 or 60; call types are names', async () => {
    const before = (await listRatePlans(h.db)).length;
    for (const body of [
      { ...plan, name: 'f1', monthlyFeeLi: 1.5 },
      { ...plan, name: 'f2', monthlyFeeLi: -1 },
      { ...plan, name: 'f3', billingUnitSeconds: 30 },
      { ...plan, name: 'f4', rates: { inbound_agent: 0.1 } },
      { ...plan, name: 'f5', rates: { 'Not A Type': 1 } },
      { ...plan, name: 'f6', rates: { inbound_agent: '100' } },
      { ...plan, name: '   ' },
    ]) {
      const res = await h.call(op, 'POST', '/api/v1/rate-plans', { body });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${JSON.stringify(body)}`);
    }
    assert.equal((await listRatePlans(h.db)).length, before);
  });

  test('tenant users may not read or change rate plans', async () => {
    assert.equal((await h.call(admin, 'GET', '/api/v1/rate-plans')).statusCode, 403);
    assert.equal((await h.call(admin, 'POST', '/api/v1/rate-plans', { body: { ...plan, name: 'x' } })).statusCode, 403);
    assert.equal((await h.call(admin, 'PUT', `/api/v1/tenants/${tenantId}/rate-plan`, { body: { ratePlanId: 'x' } })).statusCode, 403);
  });
});
