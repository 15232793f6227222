import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { markCallAnswered, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeAndCharge } from '../../src/cdr/close-and-charge.ts';
import type { AttemptRecord } from '../../src/cdr/call-record.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { topUp } from '../../src/billing/ledger-store.ts';

const T = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000);

/** A call to `number` that rang `legs` in turn; the last answered leg talks `talk` seconds. */
async function call(db: Kysely<object>, tenantId: string, id: string, number: string, startIso: string, legs: Array<[string, AttemptRecord['result']]>, talk = 0): Promise<void> {
  const start = T(startIso);
  await openCallRecord(db, { id, tenantId, number400: number, sipCallId: id, caller: { number: '+8613912345678', kind: 'mobile' }, startedAt: start });
  const attempts: AttemptRecord[] = legs.map(([target, result], i) => ({ seq: i, target, kind: 'pstn', startedAt: T(startIso, i * 5), endedAt: T(startIso, i * 5 + 5), result, sipStatus: result === 'busy' ? 486 : result === 'answered' ? 200 : null }));
  const answered = attempts.find((a) => a.result === 'answered');
  if (answered) {
    await markCallAnswered(db, id, { answeredAt: answered.endedAt, answeringNumber: answered.target, answeringKind: 'pstn', attempts });
    await closeAndCharge(db, id, { answeringNumber: answered.target, answeredAt: answered.endedAt, endedAt: new Date(answered.endedAt.getTime() + talk * 1000), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', attempts });
  } else {
    const outcome = attempts.some((a) => a.result === 'busy') ? 'busy' : 'no_answer';
    await closeAndCharge(db, id, { endedAt: T(startIso, legs.length * 5), outcome, sipStatus: outcome === 'busy' ? 486 : 480, sipReason: 'x', endedBy: 'callee', attempts });
  }
}

forEachDialect('api reports', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let other: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    const a = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const plan = await createRatePlan(h.db, { name: 'std', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 100 } }, 'op');
    await assignRatePlan(h.db, a, plan.id, 'op');
    await topUp(h.db, a, 50_000, { reference: 'pay' }, 'op', T('2026-10-31T17:00:00.000Z'));
    admin = await h.as(a, 'acme-admin', 'tenant_admin');
    other = await h.as(b, 'beta-admin', 'tenant_admin');
    // 2026-11-01 01:00 in Shanghai is still 31 October in UTC: it counts on November 1st.
    await call(h.db, a, 'c1', '4006123456', '2026-10-31T17:00:00.000Z', [['13800138000', 'answered']], 61);
    await call(h.db, a, 'c2', '4006123456', '2026-11-02T02:00:00.000Z', [['13800138000', 'busy'], ['13700137000', 'answered']], 30);
    await call(h.db, a, 'c3', '4006123456', '2026-11-03T02:00:00.000Z', [['13800138000', 'no_answer']]);
    await call(h.db, a, 'c4', '4006999999', '2026-11-04T02:00:00.000Z', [['13800138000', 'busy']]);
  });
  after(() => h?.close());

  test('P3: daily totals of the year in the tenant zone and monthly deductions that add up', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/reports/spending', { query: { year: '2026' } });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as { days: Array<{ date: string; spendLi: number; topUpLi: number }>; months: Array<{ month: string; spendLi: number; topUpLi: number }>; spendLi: number; topUpLi: number };
    assert.equal(r.days.length, 365);
    // c1: 61 s = 2 units × 100 li; c2: 30 s = 1 unit.
    assert.deepEqual(r.days.find((d) => d.date === '2026-11-01'), { date: '2026-11-01', spendLi: 200, topUpLi: 50_000 });
    assert.equal(r.days.find((d) => d.date === '2026-11-02')?.spendLi, 100);
    assert.deepEqual(r.months.find((m) => m.month === '2026-11'), { month: '2026-11', spendLi: 300, topUpLi: 50_000 });
    assert.equal(r.months.length, 12);
    assert.equal(r.months.reduce((s, m) => s + m.spendLi, 0), r.spendLi);
    assert.equal((await h.call(other, 'GET', '/api/v1/reports/spending', { query: { year: '2026' } })).json().spendLi, 0);
    assert.equal((await h.call(admin, 'GET', '/api/v1/reports/spending', { query: { year: 'x' } })).statusCode, 400);
  });

  test('P6: calls, busy, no answer, total and average talk per number and per bound phone', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/reports/call-analysis', { query: { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' } });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as { numbers: Array<Record<string, unknown>>; phones: Array<Record<string, unknown>> };
    assert.deepEqual(r.numbers, [
      { number400: '4006123456', calls: 3, answered: 2, busy: 0, noAnswer: 1, talkSeconds: 91, averageTalkSeconds: 45 },
      { number400: '4006999999', calls: 1, answered: 0, busy: 1, noAnswer: 0, talkSeconds: 0, averageTalkSeconds: 0 },
    ]);
    assert.deepEqual(r.phones, [
      { phone: '13700137000', kind: 'pstn', calls: 1, answered: 1, busy: 0, noAnswer: 0, talkSeconds: 30, averageTalkSeconds: 30 },
      { phone: '13800138000', kind: 'pstn', calls: 4, answered: 1, busy: 2, noAnswer: 1, talkSeconds: 61, averageTalkSeconds: 61 },
    ]);
    const theirs = (await h.call(other, 'GET', '/api/v1/reports/call-analysis', { query: { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' } })).json();
    assert.deepEqual([theirs.numbers, theirs.phones], [[], []]);
    assert.equal((await h.call(admin, 'GET', '/api/v1/reports/call-analysis', { query: { from: '2026-12-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' } })).statusCode, 400);
  });
});
