/**
 * Calls refused at admission — out of balance, over the tenant's cap on calls out — are published
 * like every call: `call.created` then `call.ended` with the refusal's outcome, status and reason,
 * in the tenant's seq order, and nothing is left in live state. SIPp callers through the trunk.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import type { CallerPlan } from '../support/sipp-scenarios.ts';
import { tenantIdOf } from '../support/trunk-call.ts';
import { until } from '../support/until.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import type { EventEnvelope } from '../../src/events/event-envelope.ts';

const CAPPED = '4006123456';
const BROKE = '4006123457';
const CALLER = '13912345678';

describe('events of calls refused at admission (SIPp)', () => {
  let h: Harness;
  let phonePort: number;
  const seen: EventEnvelope[] = [];

  before(async () => {
    // One call out through the trunk per tenant per minute (the hard cap of the fraud controls).
    h = await startHarness({ env: { HOTLINE_TENANT_OUTBOUND_CALLS_PER_MINUTE: '1' } });
    phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [
        tenantWithNumber(CAPPED, [{ pstn: '13800138000' }]),
        { ...tenantWithNumber(BROKE, [{ pstn: '13800138000' }]), code: 'broke', name: '欠费公司' },
      ],
    });
    // On a rate plan with no money: refused by the prepaid gate.
    const db = h.platform.database.db;
    const plan = await createRatePlan(db, { name: 'standard', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 100 } }, 'op');
    await assignRatePlan(db, await tenantIdOf(h, 'broke'), plan.id, 'op');
    h.platform.events.subscribe('test', (e) => seen.push(e));
  });
  after(async () => {
    await h?.stop();
  });

  async function call(service: string, plan: CallerPlan, answered: boolean): Promise<void> {
    const phone = answered ? startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 500 }, CALLER), port: phonePort, mediaPort: nextMediaPort() }) : undefined;
    if (phone) await new Promise((r) => setTimeout(r, 300));
    const caller = startSipp({ scenario: callerScenario(plan), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service, keys: { caller: CALLER } });
    assertSippPassed(await caller.done, 'caller', h.logs());
    if (phone) assertSippPassed(await phone.done, 'phone', h.logs());
  }

  const callsOf = (tenant: string) => {
    const byCall = new Map<string, EventEnvelope[]>();
    for (const e of seen.filter((x) => x.tenant === tenant && 'callId' in x.data)) {
      const id = (e.data as { callId: string }).callId;
      byCall.set(id, [...(byCall.get(id) ?? []), e]);
    }
    return [...byCall.values()];
  };

  test('over the tenant cap: the second call is 403 and published as created → ended over_cap', async () => {
    const tenant = await tenantIdOf(h);
    await call(CAPPED, { kind: 'talk', talkMs: 500, hangup: 'caller' }, true);
    await call(CAPPED, { kind: 'expect-failure', status: 403 }, false);
    await until(() => callsOf(tenant).length === 2 && callsOf(tenant).every((c) => c.at(-1)?.type === 'call.ended'), 'both calls ended on the bus');
    const refused = callsOf(tenant)[1]!;
    assert.deepEqual(refused.map((e) => e.type), ['call.created', 'call.ended']);
    const [created, ended] = refused;
    assert.equal(created!.data.type === 'call.created' && created!.data.number400, CAPPED);
    assert.equal(created!.data.type === 'call.created' && created!.data.callerNumber, `+86${CALLER}`);
    assert.deepEqual(ended!.data.type === 'call.ended' && [ended!.data.previous, ended!.data.outcome, ended!.data.sipStatus, ended!.data.reason, ended!.data.endedBy], ['setup', 'over_cap', 403, 'Tenant Call Rate Limit', 'platform']);
    assert.equal(ended!.seq, created!.seq + 1);
    assert.ok(created!.seq > callsOf(tenant)[0]!.at(-1)!.seq, 'after the first call in the tenant\'s seq order');
    // The record and the event name the same call.
    const records = await h.platform.database.db.withTables<{ call_records: { id: string; outcome: string | null } }>().selectFrom('call_records').select(['id', 'outcome']).where('id', '=', (created!.data as { callId: string }).callId).execute();
    assert.deepEqual(records, [{ id: (created!.data as { callId: string }).callId, outcome: 'over_cap' }]);
    assert.deepEqual(h.platform.live.callsNow(tenant), []);
  });

  test('out of balance: 403 Insufficient Balance, published as created → ended no_balance', async () => {
    const tenant = await tenantIdOf(h, 'broke');
    await call(BROKE, { kind: 'expect-failure', status: 403 }, false);
    await until(() => callsOf(tenant).length === 1 && callsOf(tenant)[0]!.at(-1)?.type === 'call.ended', 'the refused call on the bus');
    const [created, ended] = callsOf(tenant)[0]!;
    assert.equal(created?.type, 'call.created');
    assert.deepEqual(ended?.data.type === 'call.ended' && [ended.data.outcome, ended.data.sipStatus, ended.data.reason], ['no_balance', 403, 'Insufficient Balance']);
    assert.deepEqual(h.platform.live.callsNow(tenant), []);
  });
});
