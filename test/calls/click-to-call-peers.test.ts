/**
 * Issue 10 / C25: click-to-call between real peers. Agent 1002 (baresip, registered) signs in and
 * POSTs /api/v1/calls: its baresip rings first and answers, then the "PSTN" phone (SIPp behind the
 * trunk) rings and must see the tenant's 400 number as the caller (From and P-Asserted-Identity),
 * answers, talks (RTP both ways, echoed) and hangs up. The call record counts the audio each way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { phoneScenario } from '../support/sipp-scenarios.ts';
import { NUMBER, tenantIdOf, registeredPhone1002 } from '../support/trunk-call.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import { signIn } from '../support/platform-api.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';

const PASSWORD = 'Str0ng-Passw0rd!';
const CUSTOMER = '13800138000';

describe('click-to-call: registered baresip agent, PSTN SIPp phone', () => {
  let h: Harness;
  let agent: Baresip;
  let tenantId: string;
  let phonePort: number;

  before(async () => {
    h = await startHarness();
    phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [tenantWithNumber(NUMBER, [{ sip: '1002' }], [{ username: 'agent1002', role: 'agent', agentId: '1002', password: PASSWORD, sip: { username: '1002', password: 'phone-secret-1002' } }])],
    });
    tenantId = await tenantIdOf(h);
    agent = await registeredPhone1002(h, 46400 + (process.pid % 50) * 20);
  });
  after(async () => {
    await agent?.stop();
    await h?.stop();
  });

  test("the agent's baresip answers first, then the PSTN phone rings showing the 400 number; they talk both ways", async () => {
    // The PSTN side checks it is shown the tenant's 400 number, answers, talks 4 s and hangs up.
    const pstn = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 200, hangup: 'callee', talkMs: 4000 }, NUMBER), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'] });
    await new Promise((r) => setTimeout(r, 300));
    const me = await signIn(h, 'agent1002', PASSWORD);
    const placed = await me.request('POST', '/api/v1/calls', { to: CUSTOMER, number400: NUMBER });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const id = (placed.body as { id: string }).id;
    assertSippPassed(await pstn.done, 'phone', `${h.logs()}\n--- baresip ---\n${agent.output()}`);
    let rec: CallRecord | undefined;
    await until(async () => {
      rec = (await listCallRecords(h.platform.database.db, tenantId, { limit: 5 })).find((r) => r.id === id);
      return rec?.endedAt != null;
    }, 'the call record to close');
    const r = rec as CallRecord;
    assert.equal(r.outcome, 'answered');
    assert.equal(r.endedBy, 'callee', 'the PSTN side hung up');
    assert.equal(r.number400, NUMBER);
    assert.equal(r.answeringNumber, CUSTOMER);
    const legs = await listCallLegs(h.platform.database.db, tenantId, id);
    assert.deepEqual(legs.map((a) => [a.target, a.result]), [['1002', 'answered'], [CUSTOMER, 'answered']]);
    const m = r.mediaStats as { caller: { packetsIn: number; packetsOut: number }; callee: { packetsIn: number; packetsOut: number } };
    // baresip → platform → SIPp (echoed) → platform → baresip: audio went both ways through the bridge.
    assert.ok(m.caller.packetsIn > 50, `baresip → platform packets ${m.caller.packetsIn}`);
    assert.ok(m.callee.packetsOut > 50, `platform → PSTN packets ${m.callee.packetsOut}`);
    assert.ok(m.callee.packetsIn > 50, `PSTN → platform packets ${m.callee.packetsIn}`);
    assert.ok(m.caller.packetsOut > 50, `platform → baresip packets ${m.caller.packetsOut}`);
  });
});
