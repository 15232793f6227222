/**
 * R8 on real calls (SIPp caller through the trunk, SIPp bound phone): a number with a monthly
 * call-count cap of 2 takes two answered calls; the third caller is refused with 403 Monthly Cap
 * Reached and its record says over_cap; the tenant's 80 % and 100 % alerts are in the notify outbox,
 * once each. A number with a spend cap is refused once a charged call has used it up (the cost
 * reaches the gate through the call-end hook). The caps come in through the import file's `caps` section.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan, PhonePlan } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { getTenantByCode } from '../../src/tenants/tenant-store.ts';
import { topUp } from '../../src/billing/ledger-store.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';

const NUMBER = '4006123456';
const SPEND_NUMBER = '4006123458';
const CALLER = '13912345678';

describe('monthly caps on SIPp calls', () => {
  let h: Harness;
  let phonePort: number;
  let acme: string;
  let spendy: string;

  before(async () => {
    h = await startHarness();
    phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [
        { ...tenantWithNumber(NUMBER, [{ pstn: '13800138000' }]), numbers: [{ number: NUMBER, boundPhones: [{ pstn: '13800138000' }], caps: { monthlyCalls: 2 } }] },
        { ...tenantWithNumber(SPEND_NUMBER, []), code: 'spendy', name: '话费科技有限公司', numbers: [{ number: SPEND_NUMBER, boundPhones: [{ pstn: '13800138000' }], caps: { monthlySpendLi: 100 } }] },
      ],
    });
    const db = h.platform.database.db;
    acme = (await getTenantByCode(db, 'acme'))?.id ?? '';
    spendy = (await getTenantByCode(db, 'spendy'))?.id ?? '';
    // 0.1 CNY per started 6 s: one short answered call costs 100 li, the whole spend cap.
    const plan = await createRatePlan(db, { name: 'standard', billingUnitSeconds: 6, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 100, inbound_forward_landline: 100, inbound_agent: 100 } }, 'op');
    await assignRatePlan(db, spendy, plan.id, 'op');
    await topUp(db, spendy, 100_000, { reference: 'pay-spendy' }, 'op');
  });
  after(async () => {
    await h?.stop();
  });

  async function call(phone: PhonePlan | undefined, caller: CallerPlan, tenantId = acme, service = NUMBER): Promise<CallRecord> {
    const db = h.platform.database.db;
    const before = (await listCallRecords(db, tenantId)).length;
    const uas = phone ? startSipp({ scenario: phoneScenario(phone, CALLER), port: phonePort, mediaPort: nextMediaPort() }) : undefined;
    if (uas) await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: callerScenario(caller), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service, keys: { caller: CALLER } });
    const c = await uac.done;
    assertSippPassed(c, 'caller', h.logs());
    if (uas) {
      const p = await uas.done;
      assertSippPassed(p, 'phone');
    }
    for (let i = 0; i < 50; i++) {
      const recs = await listCallRecords(db, tenantId);
      if (recs.length > before && recs[0]?.outcome) return recs[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no closed call record');
  }

  const outbox = (tenantId = acme) =>
    h.platform.database.db
      .withTables<{ notify_outbox: { tenant_id: string; template: string; channel: string; dedupe_key: string | null; body: string } }>()
      .selectFrom('notify_outbox')
      .select(['template', 'channel', 'dedupe_key', 'body'])
      .where('tenant_id', '=', tenantId)
      .where('template', 'in', ['cap_warning', 'cap_reached'])
      .execute();

  test('two answered calls, then the third caller is refused (403, over_cap); 80 % and 100 % alerted once', async () => {
    const answer: PhonePlan = { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 3000 };
    const talk: CallerPlan = { kind: 'talk', talkMs: 1000, hangup: 'caller' };
    const first = await call(answer, talk);
    assert.equal(first.outcome, 'answered');
    assert.deepEqual(await outbox(), [], 'one call of two is 50 %: no alert yet');
    const second = await call(answer, talk);
    assert.equal(second.outcome, 'answered');

    const third = await call(undefined, { kind: 'expect-failure', status: 403 });
    assert.equal(third.outcome, 'over_cap');
    assert.equal(third.sipStatus, 403);
    assert.equal(third.sipReason, 'Monthly Cap Reached');
    assert.equal(third.callerNumber, `+86${CALLER}`);

    const fourth = await call(undefined, { kind: 'expect-failure', status: 403 });
    assert.equal(fourth.outcome, 'over_cap');

    // The alerts leave the call's path; wait for them to land.
    let rows = await outbox();
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await outbox();
    }
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date(third.startedAt));
    assert.deepEqual(rows.map((r) => [r.template, r.channel, r.dedupe_key]).sort(), [
      ['cap_reached', 'sms', `cap100:${NUMBER}:calls:${month}:sms`],
      ['cap_warning', 'sms', `cap80:${NUMBER}:calls:${month}:sms`],
    ]);
    assert.match(rows.find((r) => r.template === 'cap_reached')?.body ?? '', /呼入次数已达上限（2）/);
  });

  test('spend cap: a charged call uses it up, the next caller is refused; 80 % and 100 % alerted', async () => {
    const paid = await call({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 3000 }, { kind: 'talk', talkMs: 1500, hangup: 'caller' }, spendy, SPEND_NUMBER);
    assert.equal(paid.outcome, 'answered');
    assert.ok(paid.costLi >= 100, `cost ${paid.costLi}`);
    // The cost reaches the gate just after the record closes (call-end hook), and with it the alerts.
    let rows = await outbox(spendy);
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await outbox(spendy);
    }
    const refused = await call(undefined, { kind: 'expect-failure', status: 403 }, spendy, SPEND_NUMBER);
    assert.equal(refused.outcome, 'over_cap');
    assert.equal(refused.sipReason, 'Monthly Cap Reached');
    assert.deepEqual(rows.map((r) => r.template).sort(), ['cap_reached', 'cap_warning']);
    assert.ok(rows.every((r) => r.dedupe_key?.includes(`:${SPEND_NUMBER}:spend:`)), JSON.stringify(rows));
    assert.match(rows.find((r) => r.template === 'cap_reached')?.body ?? '', /话费已达上限（0\.10 元）/);
  });
});
