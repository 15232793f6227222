import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chargeCall } from '../../src/billing/charge-call.ts';
import { getBalance } from '../../src/billing/ledger-store.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

forEachDialect('api accounts', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  let adminA: Caller;
  let adminB: Caller;
  let a: string;
  let b: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    op = await h.as(null, 'root', 'operator_admin');
    const contact = { name: 'x', phone: '1', email: null };
    a = (await createTenant(h.db, { code: 'a', name: 'A', contact }, 'test')).id;
    b = (await createTenant(h.db, { code: 'b', name: 'B', contact }, 'test')).id;
    adminA = await h.as(a, 'a-admin', 'tenant_admin');
    adminB = await h.as(b, 'b-admin', 'tenant_admin');
    const plan = await createRatePlan(h.db, { name: 'p', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 150 } }, 'test');
    await assignRatePlan(h.db, a, plan.id, 'test');
  });
  after(() => h?.close());

  test('operator tops up (idempotent by reference) and adjusts; the tenant sees its balance', async () => {
    // Fake clock: 2026-11-22T08:00Z = 16:00 in Shanghai.
    const t1 = await h.call(op, 'POST', `/api/v1/accounts/${a}/top-ups`, { body: { amountLi: 500_000, reference: 'bank-001', note: 'transfer' } });
    assert.equal(t1.statusCode, 201, t1.body);
    assert.deepEqual([t1.json().created, t1.json().balanceLi], [true, 500_000]);
    const again = await h.call(op, 'POST', `/api/v1/accounts/${a}/top-ups`, { body: { amountLi: 500_000, reference: 'bank-001' } });
    assert.deepEqual([again.json().created, again.json().balanceLi], [false, 500_000]);
    const clash = await h.call(op, 'POST', `/api/v1/accounts/${a}/top-ups`, { body: { amountLi: 1, reference: 'bank-001' } });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().code, 'LEDGER_CONFLICT');

    const adj = await h.call(op, 'POST', `/api/v1/accounts/${a}/adjustments`, { body: { amountLi: -1_000, note: 'duplicate call refund reversed' } });
    assert.equal(adj.statusCode, 201, adj.body);
    assert.equal(adj.json().balanceLi, 499_000);
    await chargeCall(h.db, { tenantId: a, callId: 'call-1', talkSeconds: 61, callType: 'inbound_forward_mobile' }, 'system', h.clock.now());

    const own = await h.call(adminA, 'GET', '/api/v1/account');
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual([own.json().tenantId, own.json().balanceLi, own.json().timeZone, own.json().ratePlan.name], [a, 499_000 - 300, 'Asia/Shanghai', 'p']);
    assert.equal((await h.call(adminB, 'GET', '/api/v1/account')).json().balanceLi, 0, 'B sees only its own account');
    assert.equal(await getBalance(h.db, b), 0);

    const statement = await h.call(adminA, 'GET', '/api/v1/account/statement', { query: { month: '2026-11' } });
    assert.equal(statement.statusCode, 200, statement.body);
    const s = statement.json();
    assert.deepEqual(s.entries.map((e: { kind: string }) => e.kind), ['top_up', 'adjustment', 'call_charge']);
    assert.equal(s.openingBalanceLi, 0);
    assert.equal(s.closingBalanceLi, 498_700);
    assert.equal(s.totalsLi.call_charge, -300);
    assert.equal((await h.call(adminB, 'GET', '/api/v1/account/statement', { query: { month: '2026-11' } })).json().entries.length, 0);

    const totals = await h.call(adminA, 'GET', '/api/v1/account/daily-totals', { query: { year: '2026' } });
    assert.equal(totals.statusCode, 200, totals.body);
    const day = totals.json().days.find((d: { date: string }) => d.date === '2026-11-22');
    assert.deepEqual(day, { date: '2026-11-22', spendLi: 300, topUpLi: 500_000 });
    assert.equal(totals.json().days.length, 365);

    const opView = await h.call(op, 'GET', `/api/v1/accounts/${a}/statement`, { query: { month: '2026-11' } });
    assert.equal(opView.json().closingBalanceLi, 498_700);
    assert.equal((await h.call(op, 'GET', `/api/v1/accounts/${a}`)).json().balanceLi, 498_700);
    assert.equal((await h.call(op, 'GET', `/api/v1/accounts/${a}/daily-totals`, { query: { year: '2026' } })).json().spendLi, 300);

    const audit = (await h.call(adminA, 'GET', '/api/v1/audit')).json() as Array<{ action: string }>;
    assert.deepEqual(audit.map((e) => e.action).filter((x) => x.startsWith('account.')).sort(), ['account.adjust', 'account.top-up']);
  });

  test('bad postings and periods are 4xx and book nothing', async () => {
    const before = await getBalance(h.db, b);
    for (const [url, body] of [
      [`/api/v1/accounts/${b}/top-ups`, { amountLi: 0 }],
      [`/api/v1/accounts/${b}/top-ups`, { amountLi: -5 }],
      [`/api/v1/accounts/${b}/top-ups`, { amountLi: 1.5 }],
      [`/api/v1/accounts/${b}/top-ups`, { amountLi: '100' }],
      [`/api/v1/accounts/${b}/top-ups`, { amountLi: 1e15 }],
      [`/api/v1/accounts/${b}/adjustments`, { amountLi: 0, note: 'x' }],
      [`/api/v1/accounts/${b}/adjustments`, { amountLi: 5 }],
      [`/api/v1/accounts/${b}/adjustments`, { amountLi: 5, note: '   ' }],
      [`/api/v1/accounts/nope/top-ups`, { amountLi: 5 }],
    ] as const) {
      const res = await h.call(op, 'POST', url, { body });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${url} ${JSON.stringify(body)}`);
    }
    assert.equal(await getBalance(h.db, b), before);
    for (const month of ['2026-13', '2026-1', 'x']) {
      assert.equal((await h.call(adminB, 'GET', '/api/v1/account/statement', { query: { month } })).statusCode, 400, month);
    }
    assert.equal((await h.call(adminB, 'GET', '/api/v1/account/daily-totals', { query: { year: '1999' } })).statusCode, 400);
    assert.equal((await h.call(adminB, 'GET', '/api/v1/account/daily-totals')).statusCode, 400);
  });

  test('roles: only tenant admins read their account; only operators post', async () => {
    const sup = await h.as(a, 'a-sup', 'supervisor');
    assert.equal((await h.call(sup, 'GET', '/api/v1/account')).statusCode, 403);
    assert.equal((await h.call(adminA, 'POST', `/api/v1/accounts/${a}/top-ups`, { body: { amountLi: 5 } })).statusCode, 403);
    assert.equal((await h.call(adminA, 'GET', `/api/v1/accounts/${b}`)).statusCode, 403);
    assert.equal((await h.call(op, 'GET', '/api/v1/account')).statusCode, 403, 'operators have no own account');
  });
});
