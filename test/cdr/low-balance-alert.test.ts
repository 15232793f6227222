/**
 * The call record sink after a charge: the prepaid gate follows the balance, and the charge that
 * takes it below the tenant's low-balance level enqueues one low-balance alert (a durable outbox
 * row for notify/ to send); later charges the same day add none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { databaseCallRecords } from '../../src/platform/call-record-sink.ts';
import { PrepaidGate, setPrepaidGrace } from '../../src/cdr/prepaid-gate.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { topUp } from '../../src/billing/ledger-store.ts';

const T0 = new Date('2026-11-22T08:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

forEachDialect('low-balance alert', ({ open }) => {
  test('crossing the level enqueues one alert; the gate refuses once the balance and grace are spent', async () => {
    const { db } = await open();
    const t = (await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: '张三', phone: '13912345678', email: null } }, 'op', T0)).id;
    const plan = await createRatePlan(db, { name: 'p', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 600 } }, 'op', T0);
    await assignRatePlan(db, t, plan.id, 'op', T0);
    await topUp(db, t, 1_500, { reference: 'pay' }, 'op', T0);
    await setPrepaidGrace(db, t, 0, 'op', T0, 1_000);
    const gate = new PrepaidGate(db, { now: () => 0 });
    const sink = databaseCallRecords(db, { prepaid: gate, now: () => T0 });
    const alerts = async () => (await db.withTables<{ notify_outbox: { tenant_id: string; template: string; channel: string } }>().selectFrom('notify_outbox').select(['template', 'channel']).where('tenant_id', '=', t).execute());
    const oneCall = async (id: string) => {
      assert.equal((await gate.admit(t)).admitted, true, `${id} admitted`);
      await sink.open({ id, tenantId: t, number400: '4006123456', sipCallId: id, caller: { number: '+8613700001111', kind: 'mobile' }, startedAt: at(0) });
      await sink.close(id, { answeringNumber: '13800138000', answeredAt: at(1), endedAt: at(31), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', attempts: [{ seq: 0, target: '13800138000', kind: 'pstn', startedAt: at(0), endedAt: at(1), result: 'answered', sipStatus: 200 }] });
    };
    await oneCall('c1'); // 1500 → 900: below 1000
    assert.deepEqual(await alerts(), [{ template: 'low_balance', channel: 'sms' }]);
    await oneCall('c2'); // 900 → 300
    assert.equal((await alerts()).length, 1, 'one alert per crossing and day');
    await oneCall('c3'); // 300 → -300
    assert.deepEqual(await gate.admit(t), { admitted: false, balanceLi: -300, graceLi: 0 });
  });
});
