/**
 * Records and money on real calls (SIPp caller through the trunk, SIPp bound phone): an answered
 * call is charged per the tenant's plan in the same transaction as its record (the record's cost
 * and the ledger entry agree), a busy call costs nothing, and a tenant whose prepaid balance is
 * exhausted is refused with a clear final response and a record saying so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../support/platform-harness.ts';
import { provisionPaidAndBroke } from '../support/paid-and-broke-tenants.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan, PhonePlan } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { getBalance, ledgerTables } from '../../src/billing/ledger-store.ts';

const NUMBER = '4006123456';
const BROKE_NUMBER = '4006123457';
const CALLER = '13912345678';
const TOP_UP = 100_000;

describe('billing on SIPp calls', () => {
  let h: Harness;
  let phonePort: number;
  let acme: string;
  let broke: string;

  before(async () => {
    h = await startHarness();
    phonePort = await freeUdpPort();
    ({ acme, broke } = await provisionPaidAndBroke(h, { number: NUMBER, brokeNumber: BROKE_NUMBER, phonePort, topUpLi: TOP_UP }));
  });
  after(async () => {
    await h?.stop();
  });

  async function call(tenantId: string, service: string, phone: PhonePlan | undefined, caller: CallerPlan): Promise<CallRecord> {
    const before = (await listCallRecords(h.platform.database.db, tenantId)).length;
    const uas = phone ? startSipp({ scenario: phoneScenario(phone, CALLER), port: phonePort, mediaPort: nextMediaPort() }) : undefined;
    if (uas) await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: callerScenario(caller), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service, keys: { caller: CALLER } });
    const c = await uac.done;
    assertSippPassed(c, 'caller');
    if (uas) {
      const p = await uas.done;
      assertSippPassed(p, 'phone');
    }
    for (let i = 0; i < 50; i++) {
      const recs = await listCallRecords(h.platform.database.db, tenantId);
      if (recs.length > before && recs[0]?.outcome) return recs[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no closed call record');
  }

  const entriesOf = (callId: string) => ledgerTables(h.platform.database.db).selectFrom('ledger_entries').selectAll().where('reference', '=', callId).execute();

  test('an answered call is charged per the plan; record cost and ledger entry agree', async () => {
    const r = await call(acme, NUMBER, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 9000 }, { kind: 'talk', talkMs: 7500, hangup: 'caller' });
    assert.equal(r.outcome, 'answered');
    assert.equal(r.callType, 'inbound_forward_mobile');
    assert.ok(r.talkSeconds >= 7 && r.talkSeconds <= 12, `talk ${r.talkSeconds}`);
    const units = Math.ceil(r.talkSeconds / 6);
    assert.equal(r.costLi, units * 60);
    const entries = await entriesOf(r.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.kind, 'call_charge');
    assert.equal(Number(entries[0]?.amount_li), -r.costLi);
    assert.equal(await getBalance(h.platform.database.db, acme), TOP_UP - r.costLi);
    const legs = await listCallLegs(h.platform.database.db, acme, r.id);
    assert.deepEqual(legs.map((l) => [l.target, l.result, l.sipStatus]), [['13800138000', 'answered', 200]]);
  });

  test('a busy call costs nothing and books nothing', async () => {
    const balance = await getBalance(h.platform.database.db, acme);
    const r = await call(acme, NUMBER, { kind: 'busy' }, { kind: 'expect-failure', status: 486 });
    assert.equal(r.outcome, 'busy');
    assert.equal(r.costLi, 0);
    assert.equal((await entriesOf(r.id)).length, 0);
    assert.equal(await getBalance(h.platform.database.db, acme), balance);
    assert.deepEqual((await listCallLegs(h.platform.database.db, acme, r.id)).map((l) => [l.result, l.sipStatus]), [['busy', 486]]);
  });

  test('an unanswered call (ring timeout) costs nothing', async () => {
    const r = await call(acme, NUMBER, { kind: 'ring-forever' }, { kind: 'expect-failure', status: 480 });
    assert.equal(r.outcome, 'no_answer');
    assert.equal(r.costLi, 0);
    assert.equal((await entriesOf(r.id)).length, 0);
  });

  test('a tenant with an exhausted balance is refused (403 Insufficient Balance) and the refusal recorded', async () => {
    const r = await call(broke, BROKE_NUMBER, undefined, { kind: 'expect-failure', status: 403 });
    assert.equal(r.outcome, 'no_balance');
    assert.equal(r.sipStatus, 403);
    assert.equal(r.sipReason, 'Insufficient Balance');
    assert.equal(r.costLi, 0);
    assert.equal(r.callerNumber, `+86${CALLER}`);
    assert.equal(await getBalance(h.platform.database.db, broke), 0);
  });
});
