/**
 * The cap gate against a real store (both dialects): usage seeded from the call records of the
 * tenant's local month, calls counted at admission, spend added at call end, the 80 % / 100 %
 * alerts enqueued once each per number and month (also across a restart), and the refusal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../support/databases.ts';
import { CapGate, OVER_CAP_REFUSAL } from '../../src/caps/cap-gate.ts';
import { tenantCapAlerts } from '../../src/caps/cap-alert.ts';
import { getNumberCaps, setNumberCaps } from '../../src/caps/cap-store.ts';
import { closeCallRecord, callRecordTables, openCallRecord } from '../../src/cdr/call-record-store.ts';
import type { RecordOutcome } from '../../src/cdr/call-record.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';

const NUMBER = '4006123456';
// 2026-11-22 16:00 in Shanghai.
const NOW = Date.parse('2026-11-22T08:00:00.000Z');

type OutboxRow = { template: string; channel: string; dedupe_key: string | null; body: string };
const outbox = (db: Kysely<object>, tenantId: string) =>
  db.withTables<{ notify_outbox: OutboxRow & { tenant_id: string; created_at: string } }>().selectFrom('notify_outbox').select(['template', 'channel', 'dedupe_key', 'body']).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('dedupe_key').execute();

async function tenant(db: Kysely<object>, timeZone = 'Asia/Shanghai'): Promise<string> {
  return (await createTenant(db, { code: 'acme', name: 'Acme', timeZone, contact: { name: '张三', phone: '13912345678', email: null } }, 'op', new Date(NOW))).id;
}

let seq = 0;
async function record(db: Kysely<object>, tenantId: string, startedAt: string, outcome: RecordOutcome | null, costLi = 0): Promise<string> {
  const id = `r${++seq}`;
  await openCallRecord(db, { id, tenantId, number400: NUMBER, sipCallId: id, caller: { number: '+8613700001111', kind: 'mobile' }, startedAt: new Date(startedAt) });
  if (outcome !== null && outcome !== 'interrupted') {
    await closeCallRecord(db, id, { endedAt: new Date(Date.parse(startedAt) + 60_000), outcome, sipStatus: outcome === 'answered' ? 200 : 403, sipReason: 'x', endedBy: 'caller' });
  }
  if (costLi > 0) await callRecordTables(db).updateTable('call_records').set({ cost_li: costLi }).where('id', '=', id).execute();
  return id;
}

forEachDialect('cap gate', ({ open }) => {
  test('call-count cap: seeded from this local month\'s admitted calls, 80 % and 100 % alerted once, then refused', async () => {
    const { db } = await open();
    const t = await tenant(db);
    // Shanghai's November starts 2026-10-31T16:00Z: the first record is October's.
    await record(db, t, '2026-10-31T15:59:59.999Z', 'answered');
    await record(db, t, '2026-10-31T16:00:00.000Z', 'answered');
    await record(db, t, '2026-11-10T02:00:00.000Z', 'no_answer');
    await record(db, t, '2026-11-11T02:00:00.000Z', 'blocked'); // refusals are not calls taken
    await record(db, t, '2026-11-12T02:00:00.000Z', 'over_cap');
    await record(db, t, '2026-11-22T07:59:00.000Z', null); // still up: counts
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: null, monthlyCalls: 5 }, { by: 'test' });
    const gate = new CapGate(db, { now: () => NOW, alerts: tenantCapAlerts(db, () => new Date(NOW)) });
    assert.equal(await gate.admit(t, NUMBER), undefined); // 4th of 5 → 80 %
    await gate.flush();
    assert.deepEqual((await outbox(db, t)).map((r) => [r.template, r.dedupe_key]), [['cap_warning', `cap80:${NUMBER}:calls:2026-11:sms`]]);
    assert.equal(await gate.admit(t, NUMBER), undefined); // 5th → 100 %
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    await gate.flush();
    const rows = await outbox(db, t);
    assert.deepEqual(rows.map((r) => r.dedupe_key).sort(), [`cap100:${NUMBER}:calls:2026-11:sms`, `cap80:${NUMBER}:calls:2026-11:sms`]);
    assert.match(rows.find((r) => r.template === 'cap_warning')?.body ?? '', /80%（4 \/ 5）/);

    // A restart: the count comes back from the records; the alerts are not sent again.
    for (let i = 0; i < 2; i++) await record(db, t, '2026-11-22T07:59:30.000Z', 'answered');
    const again = new CapGate(db, { now: () => NOW, alerts: tenantCapAlerts(db, () => new Date(NOW)) });
    assert.deepEqual(await again.admit(t, NUMBER), OVER_CAP_REFUSAL);
    await again.flush();
    assert.equal((await outbox(db, t)).length, 2);

    // Next local month: counting starts again.
    const dec = Date.parse('2026-11-30T16:00:00.000Z');
    const later = new CapGate(db, { now: () => dec, alerts: tenantCapAlerts(db, () => new Date(dec)) });
    assert.equal(await later.admit(t, NUMBER), undefined);
  });

  test('spend cap: call costs counted at call end; alerts at 80 % and 100 %; new calls refused', async () => {
    const { db } = await open();
    const t = await tenant(db);
    await record(db, t, '2026-11-02T02:00:00.000Z', 'answered', 500);
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: 1_000, monthlyCalls: null }, { by: 'test' });
    const raised: string[] = [];
    const gate = new CapGate(db, { now: () => NOW, alerts: { raise: async (a) => void raised.push(`${a.kind}:${a.threshold}:${a.used}/${a.limit}`) } });
    assert.equal(await gate.admit(t, NUMBER), undefined);
    const c1 = await record(db, t, '2026-11-22T07:59:00.000Z', 'answered', 300);
    await gate.callEnded({ callId: c1, tenantId: t, number400: NUMBER, startedAt: new Date('2026-11-22T07:59:00.000Z') });
    await gate.flush();
    assert.deepEqual(raised, ['spend:80:800/1000']);
    assert.equal(await gate.admit(t, NUMBER), undefined, '800 of 1000: still admitted');
    const c2 = await record(db, t, '2026-11-22T07:59:30.000Z', 'answered', 250);
    await gate.callEnded({ callId: c2, tenantId: t, number400: NUMBER, startedAt: new Date('2026-11-22T07:59:30.000Z') });
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    await gate.flush();
    assert.deepEqual(raised, ['spend:80:800/1000', 'spend:100:1050/1000']);
  });

  test('an uncapped number is admitted without a usage query; a failing alert does not refuse the call', async () => {
    const { db } = await open();
    const t = await tenant(db);
    const errors: unknown[] = [];
    const gate = new CapGate(db, { now: () => NOW, alerts: { raise: () => Promise.reject(new Error('outbox down')) }, onError: (e) => errors.push(e) });
    for (let i = 0; i < 3; i++) assert.equal(await gate.admit(t, NUMBER), undefined);
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: null, monthlyCalls: 1 }, { by: 'test' });
    gate.invalidate(t, NUMBER);
    assert.equal(await gate.admit(t, NUMBER), undefined);
    await gate.flush();
    assert.equal(errors.length, 2, '80 % and 100 % both failed and were reported');
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
  });

  test('one gate rolls over at the tenant\'s local month end (Shanghai midnight = 16:00 UTC), alerting again for the new month', async () => {
    const { db } = await open();
    const t = await tenant(db);
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: null, monthlyCalls: 1 }, { by: 'test' });
    let now = Date.parse('2026-11-30T15:59:59.000Z');
    const raised: string[] = [];
    const gate = new CapGate(db, { now: () => now, alerts: { raise: async (a) => void raised.push(`${a.monthKey}:${a.threshold}`) } });
    assert.equal(await gate.admit(t, NUMBER), undefined);
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    now = Date.parse('2026-11-30T16:00:00.000Z');
    assert.equal(await gate.admit(t, NUMBER), undefined, 'December in Shanghai: a fresh count');
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    await gate.flush();
    assert.deepEqual(raised, ['2026-11:80', '2026-11:100', '2026-12:80', '2026-12:100']);
  });

  test('warm() seeds every capped number at start; calls then count from memory', async () => {
    const { db } = await open();
    const t = await tenant(db);
    await record(db, t, '2026-11-20T02:00:00.000Z', 'answered');
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: null, monthlyCalls: 1 }, { by: 'test' });
    await setNumberCaps(db, t, '4006999999', { monthlySpendLi: 10, monthlyCalls: null }, { by: 'test' });
    const gate = new CapGate(db, { now: () => NOW, alerts: { raise: async () => {} } });
    assert.equal(await gate.warm(), 2);
    // The seeded count is what decides now, not the table.
    await callRecordTables(db).deleteFrom('call_records').execute();
    assert.deepEqual(await gate.admit(t, NUMBER), OVER_CAP_REFUSAL);
    assert.equal(await gate.admit(t, '4006999999'), undefined);
  });

  test('the cap store: both caps null removes the row', async () => {
    const { db } = await open();
    const t = await tenant(db);
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: 5, monthlyCalls: 0 }, { by: 'a' });
    assert.deepEqual({ ...(await getNumberCaps(db, t, NUMBER)), updatedAt: 'x' }, { monthlySpendLi: 5, monthlyCalls: 0, updatedAt: 'x', updatedBy: 'a' });
    await setNumberCaps(db, t, NUMBER, { monthlySpendLi: null, monthlyCalls: null }, { by: 'a' });
    assert.equal(await getNumberCaps(db, t, NUMBER), undefined);
  });
});

test.todo('counts are per process: a second node sharing the store sees this node\'s calls only at its next month or restart (docs/caps.md)');
test.todo('a call whose record closes between the seeding query and its call-end event may have its cost counted twice in memory (docs/caps.md)');
