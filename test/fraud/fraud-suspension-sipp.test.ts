/**
 * Issue 11 finding 5 end to end over SIP: a burst of carrier calls to a 400 number whose phone is a
 * mobile (forwarded out through the trunk, to a SIPp UAS) trips the critical calls-per-minute
 * level; the tenant's outbound calls are suspended, so the next INVITE gets 403 Outbound Suspended;
 * the operator lifts the suspension through the API and calls flow again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { callerScenario, phoneScenario } from '../support/sipp-scenarios.ts';
import { operatorSession } from '../support/platform-api.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { getTenantByCode } from '../../src/tenants/tenant-store.ts';
import { getTenantOutbound } from '../../src/fraud/outbound-store.ts';
import { until } from '../support/until.ts';

const NUMBER = '4006123456';
const CALLER = '13912345678';
const BURST = 4;

describe('toll-fraud suspension over SIP (SIPp carrier caller, SIPp PSTN phone behind the trunk)', () => {
  let h: Harness;
  let phonePort: number;
  let tenantId: string;

  before(async () => {
    // Only calls/minute is on: warning at 2, critical at the burst's size. The test tenant has no
    // rate plan, so unrated calls are let through (the unrated refusal has its own tests).
    h = await startHarness({ env: { HOTLINE_FRAUD_CALLS_PER_MINUTE: `2/${BURST}`, HOTLINE_REFUSE_UNRATED_CALLS: 'false' } });
    phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }])],
    });
    tenantId = (await getTenantByCode(h.platform.database.db, 'acme'))?.id ?? '';
  });
  after(async () => {
    await h?.stop();
  });

  /** `calls` calls from the carrier, 10 per second, each answered by the phone and hung up by the caller. */
  async function answeredCalls(calls: number): Promise<void> {
    const phone = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 1500 }, CALLER), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-m', String(calls)] });
    await new Promise((r) => setTimeout(r, 300));
    const caller = startSipp({ scenario: callerScenario({ kind: 'talk', talkMs: 1500, hangup: 'caller' }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, extraArgs: ['-m', String(calls), '-r', '10', '-l', String(calls)] });
    assertSippPassed(await caller.done, 'caller', h.logs());
    assertSippPassed(await phone.done, 'phone', h.logs());
  }

  async function refusedCall(status: number): Promise<void> {
    const caller = startSipp({ scenario: callerScenario({ kind: 'expect-failure', status }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
    assertSippPassed(await caller.done, 'caller', h.logs());
  }

  test(`a burst of ${BURST} calls out through the trunk suspends the tenant; the next INVITE gets 403; the operator lifts it`, async () => {
    const db = h.platform.database.db;
    assert.equal((await getTenantOutbound(db, tenantId)).suspended, null);
    await answeredCalls(BURST);
    const answered = (await listCallRecords(db, tenantId)).filter((r) => r.outcome === 'answered');
    assert.equal(answered.length, BURST, 'the burst itself went through (the level reacts, it does not refuse)');

    await until(async () => (await getTenantOutbound(db, tenantId)).suspended !== null, 'the tenant is suspended', 5000);
    const suspended = await getTenantOutbound(db, tenantId);
    assert.match(suspended.suspended?.reason ?? '', new RegExp(`callsPerMinute reached ${BURST}`));
    assert.match(h.logs(), new RegExp(`outbound fraud critical: tenant="${tenantId}" metric=callsPerMinute value=${BURST} threshold=${BURST} action=suspend`));

    // The next caller is refused by the router before any phone rings (the phone SIPp is not even
    // running): no call record, as for every routing refusal; the caps' 403s would write over_cap.
    const before = (await listCallRecords(db, tenantId)).length;
    await refusedCall(403);
    assert.equal((await listCallRecords(db, tenantId)).length, before);

    const ops = await operatorSession(h);
    const seen = await ops.request('GET', `/api/v1/tenants/${tenantId}/outbound`);
    assert.equal(seen.status, 200);
    assert.notEqual((seen.body as { suspended: unknown }).suspended, null);
    const lifted = await ops.request('POST', `/api/v1/tenants/${tenantId}/outbound/lift-suspension`);
    assert.equal(lifted.status, 200, JSON.stringify(lifted.body));
    assert.equal((lifted.body as { suspended: unknown }).suspended, null);

    // Calls flow again (the critical level is reported once per hour, so this does not re-suspend).
    await answeredCalls(1);
    assert.equal((await listCallRecords(db, tenantId)).filter((r) => r.outcome === 'answered').length, BURST + 1);
    assert.equal((await getTenantOutbound(db, tenantId)).suspended, null);
  });
});
