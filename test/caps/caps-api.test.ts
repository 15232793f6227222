/** /api/v1/caps/numbers/:number: set, read (with this local month's usage), remove; tenant isolation; validation; audit. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getNumberCaps } from '../../src/caps/cap-store.ts';
import { closeCallRecord, callRecordTables, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { twoTenants } from '../api/support/two-tenants.ts';

const URL = '/api/v1/caps/numbers/4006123456';

forEachDialect('api caps', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let other: Caller;
  let tenantId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    ({ tenantId, admin, supervisor, other } = await twoTenants(h));
    // The harness clock is 2026-11-22 16:00 Shanghai: one call this month (cost 700 li), one in October local time.
    for (const [id, at, cost] of [['c1', '2026-11-05T01:00:00.000Z', 700], ['c0', '2026-10-31T15:00:00.000Z', 900]] as const) {
      await openCallRecord(h.db, { id, tenantId, number400: '4006123456', sipCallId: id, caller: { number: '+8613700001111', kind: 'mobile' }, startedAt: new Date(at) });
      await closeCallRecord(h.db, id, { endedAt: new Date(Date.parse(at) + 60_000), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller' });
      await callRecordTables(h.db).updateTable('call_records').set({ cost_li: cost }).where('id', '=', id).execute();
    }
  });
  after(() => h?.close());

  test('an uncapped number reads as nulls with this month\'s usage', async () => {
    const res = await h.call(supervisor, 'GET', URL);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { number: '4006123456', caps: { monthlySpendLi: null, monthlyCalls: null }, updatedAt: null, updatedBy: null, usage: { month: '2026-11', calls: 1, spendLi: 700 } });
  });

  test('an admin sets caps; they read back, are stored and audited; delete removes them', async () => {
    const put = await h.call(admin, 'PUT', '/api/v1/caps/numbers/400-612-3456', { body: { monthlySpendLi: 50_000, monthlyCalls: 300 } });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().caps, { monthlySpendLi: 50_000, monthlyCalls: 300 });
    assert.equal(put.json().updatedBy, 'acme-admin');
    assert.deepEqual((await getNumberCaps(h.db, tenantId, '4006123456'))?.monthlyCalls, 300);
    const onlyCalls = await h.call(admin, 'PUT', URL, { body: { monthlyCalls: 10 } });
    assert.deepEqual(onlyCalls.json().caps, { monthlySpendLi: null, monthlyCalls: 10 }, 'a kind left out is uncapped');
    const audit = (await h.call(admin, 'GET', '/api/v1/audit')).json() as Array<{ action: string }>;
    assert.ok(audit.some((e) => e.action === 'caps.set'));
    assert.equal((await h.call(admin, 'DELETE', URL)).statusCode, 204);
    assert.equal((await h.call(admin, 'DELETE', URL)).statusCode, 404);
    assert.equal(await getNumberCaps(h.db, tenantId, '4006123456'), undefined);
  });

  test('bad values are 400; a supervisor may not set; another tenant\'s number is 404', async () => {
    for (const body of [{ monthlyCalls: -1 }, { monthlySpendLi: 1.5 }, { monthlyCalls: '3' }, { extra: 1 }]) {
      const res = await h.call(admin, 'PUT', URL, { body });
      assert.equal(res.statusCode, 400, JSON.stringify(body));
    }
    assert.equal((await h.call(supervisor, 'PUT', URL, { body: { monthlyCalls: 1 } })).statusCode, 403);
    assert.equal((await h.call(other, 'GET', URL)).statusCode, 404);
    assert.equal((await h.call(other, 'PUT', URL, { body: { monthlyCalls: 1 } })).statusCode, 404);
    assert.equal((await h.call(admin, 'GET', '/api/v1/caps/numbers/4006654321')).statusCode, 404);
    assert.equal(await getNumberCaps(h.db, tenantId, '4006123456'), undefined);
  });
});
