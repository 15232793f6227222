/**
 * C34 service figures from seeded call records, on both dialects and through the API: the tenant's
 * per day (Shanghai calendar) and per queue (the 400 number until call records carry a queue), and
 * the operator's across tenants beside seed 003's promises.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { seedCall } from '../support/seed-calls.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';

const day1 = new Date('2026-11-01T17:30:00.000Z'); // 2026-11-02 01:30 in Shanghai
const day2 = new Date('2026-11-03T02:00:00.000Z');
const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-05T00:00:00.000Z' };

forEachDialect('service figures', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let other: Caller;
  let operator: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    const a = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(a, 'acme-admin', 'tenant_admin');
    other = await h.as(b, 'beta-admin', 'tenant_admin');
    operator = await h.as(null, 'ops', 'operator_admin');
    // Day 1, 4006123456: answered in 5 s and 30 s (connect 1 s and 3 s), one abandoned, one refused by policy (not offered).
    await seedCall(h.db, { id: 'a1', tenantId: a, startedAt: day1, answerSeconds: 5, connectSeconds: 1 });
    await seedCall(h.db, { id: 'a2', tenantId: a, startedAt: day1, answerSeconds: 30, connectSeconds: 3 });
    await seedCall(h.db, { id: 'a3', tenantId: a, startedAt: day1, outcome: 'cancelled', connectSeconds: 2 });
    await seedCall(h.db, { id: 'a4', tenantId: a, startedAt: day1, outcome: 'blocked' });
    // Day 2, 4006999999: a one-hour call the platform dropped (RTP timeout), and one answered in 10 s.
    await seedCall(h.db, { id: 'a5', tenantId: a, number400: '4006999999', startedAt: day2, answerSeconds: 4, talkSeconds: 3700, endedBy: 'platform', connectSeconds: 2 });
    await seedCall(h.db, { id: 'a6', tenantId: a, number400: '4006999999', startedAt: day2, answerSeconds: 10, connectSeconds: 2 });
    // Beta: one call nobody answered.
    await seedCall(h.db, { id: 'b1', tenantId: b, number400: '4008000000', startedAt: day2, connectSeconds: 6 });
  });
  after(() => h?.close());

  test('the tenant: totals, per day in its zone, per queue', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/reports/service-figures', { query: range });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.timeZone, 'Asia/Shanghai');
    assert.equal(r.targetSeconds, 20);
    assert.deepEqual(r.total, {
      offered: 5, answered: 4, abandoned: 1, answeredWithinTarget: 3, dropped: 1, longCalls: 1, longCallsDropped: 1,
      answerRate: 0.8, abandonmentRate: 0.2, serviceLevel: 0.6, dropRate: 0.25, longCallDropRate: 1,
      averageSpeedOfAnswerSeconds: 12.3, averageConnectSeconds: 2,
    });
    assert.deepEqual(r.days.map((d: { date: string; offered: number; answered: number }) => [d.date, d.offered, d.answered]), [['2026-11-02', 3, 2], ['2026-11-03', 2, 2]]);
    assert.deepEqual(r.queues.map((q: { queue: string; offered: number; dropRate: number }) => [q.queue, q.offered, q.dropRate]), [['4006123456', 3, 0], ['4006999999', 2, 0.5]]);
    const shorter = (await h.call(admin, 'GET', '/api/v1/reports/service-figures', { query: { ...range, targetSeconds: '5' } })).json();
    assert.equal(shorter.total.answeredWithinTarget, 2);
    const theirs = (await h.call(other, 'GET', '/api/v1/reports/service-figures', { query: range })).json();
    assert.equal(theirs.total.offered, 1);
    assert.equal(theirs.total.answerRate, 0);
    assert.equal(theirs.total.dropRate, null, 'nothing answered: no drop rate');
  });

  test('the operator: every tenant and the platform, beside the promises; tenants cannot', async () => {
    const res = await h.call(operator, 'GET', '/api/v1/platform/service-figures', { query: range });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.promises, { answerRate: 0.99, dropRate: 0.001, longCallDropRate: 0.03, connectSeconds: 7 });
    assert.equal(r.total.offered, 6);
    assert.deepEqual(r.tenants.map((t: { code: string; offered: number }) => [t.code, t.offered]).sort(), [['acme', 5], ['beta', 1]]);
    assert.equal((await h.call(admin, 'GET', '/api/v1/platform/service-figures', { query: range })).statusCode, 403);
  });

  test('bad periods are refused', async () => {
    assert.equal((await h.call(admin, 'GET', '/api/v1/reports/service-figures', { query: { from: range.to, to: range.from } })).statusCode, 400);
    assert.equal((await h.call(admin, 'GET', '/api/v1/reports/service-figures', { query: { from: '2026-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' } })).statusCode, 400);
    assert.equal((await h.call(admin, 'GET', '/api/v1/reports/service-figures', { query: { ...range, targetSeconds: '0' } })).statusCode, 400);
  });
});
