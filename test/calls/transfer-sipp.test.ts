/**
 * Issue 10: blind transfer from a phone by REFER (RFC 3515). A SIPp caller behind the trunk dials
 * the 400 number; the bound phone (SIPp behind the trunk) answers, then REFERs the caller to the
 * tenant's agent 1002 — baresip, registered — and checks 202, the NOTIFYs' sipfrag progress (100,
 * then 200) and the BYE that lets it go; the caller talks to baresip after. A REFER to an outside
 * number is refused (403: no toll fraud through transfer) and the call goes on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { OK_TO_REQUEST, cdata } from '../support/sipp-scenarios.ts';
import { answerThen, phoneRefer, referProgress, talkingCaller } from '../support/sipp-transfer-scenarios.ts';
import { CALLER, NUMBER, tenantIdOf, registeredPhone1002 } from '../support/trunk-call.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import { signIn } from '../support/platform-api.ts';
import { phoneScenario } from '../support/sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';

/** Blind transfer: REFER, 202, NOTIFY 100 and 200 as message/sipfrag, then the platform's BYE. */
const transferringPhone = answerThen('phone-transfers', `<send retrans="500">${cdata(phoneRefer('sip:1002@[local_ip]'))}</send>
${referProgress(200)}
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);

/** A REFER to an outside number is refused; the phone then talks on until the caller hangs up. */
const fraudPhone = answerThen('phone-transfers', `<send retrans="500">${cdata(phoneRefer('sip:008613900000000@[local_ip]'))}</send>
<recv response="403"/>
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);

describe('transfer by REFER (SIPp caller and phone, baresip agent)', () => {
  let h: Harness;
  let agent: Baresip;
  let tenantId: string;
  let phonePort: number;

  before(async () => {
    h = await startHarness();
    phonePort = await freeUdpPort();
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [
        { username: 'agent1002', role: 'agent', agentId: '1002', sip: { username: '1002', password: 'phone-secret-1002' } },
        { username: 'boss', role: 'tenant_admin', password: 'Str0ng-Passw0rd!' },
      ])],
    });
    tenantId = await tenantIdOf(h);
    agent = await registeredPhone1002(h, 46000 + (process.pid % 50) * 20);
  });
  after(async () => {
    await agent?.stop();
    await h?.stop();
  });

  async function call(phone: string, callerTalkMs: number, during?: (callId: string) => Promise<void>): Promise<CallRecord> {
    const before = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0]?.id;
    const uas = startSipp({ scenario: phone, port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'] });
    await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: talkingCaller(callerTalkMs), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
    if (during) {
      let callId = '';
      await until(async () => {
        const r = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
        if (r && r.id !== before && r.answeredAt) callId = r.id;
        return callId !== '';
      }, 'the phone to answer');
      await during(callId);
    }
    const [c, p] = await Promise.all([uac.done, uas.done]);
    assertSippPassed(p, 'phone', h.logs());
    assertSippPassed(c, 'caller', `${h.logs()}\n--- baresip ---\n${agent.output()}`);
    let rec: CallRecord | undefined;
    await until(async () => {
      rec = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0];
      return rec !== undefined && rec.id !== before && rec.endedAt != null;
    }, 'the call record to close');
    return rec as CallRecord;
  }

  test('blind transfer: the phone REFERs the caller to agent 1002, who answers and talks with the caller', async () => {
    const rec = await call(transferringPhone, 6000);
    assert.equal(rec.outcome, 'answered');
    assert.equal(rec.endedBy, 'caller');
    const m = rec.mediaStats as { callee: { packetsIn: number; packetsOut: number } };
    // After the transfer the call's other side is baresip: its tone came in, the caller's audio went out.
    assert.ok(m.callee.packetsIn > 50, `baresip → platform packets ${m.callee.packetsIn}`);
    assert.ok(m.callee.packetsOut > 50, `platform → baresip packets ${m.callee.packetsOut}`);
  });

  test('API transfer: a tenant admin transfers the caller to agent 1002; the phone that had them gets a BYE', async () => {
    const admin = await signIn(h, 'boss', 'Str0ng-Passw0rd!');
    const phone = phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 10000 }, CALLER);
    const rec = await call(phone, 6000, async (id) => {
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/transfer`, { to: '008613900000000' })).status, 403, 'an outside number is not allowed');
      assert.equal((await admin.request('POST', `/api/v1/calls/${id}/transfer`, { to: 'nobody' })).status, 403, 'nor a name that is no registered user of the tenant');
      const res = await admin.request('POST', `/api/v1/calls/${id}/transfer`, { to: '1002' });
      assert.equal(res.status, 204, JSON.stringify(res.body));
    });
    assert.equal(rec.outcome, 'answered');
    const m = rec.mediaStats as { callee: { packetsIn: number; packetsOut: number } };
    assert.ok(m.callee.packetsIn > 50, `baresip → platform packets ${m.callee.packetsIn}`);
    assert.ok(m.callee.packetsOut > 50, `platform → baresip packets ${m.callee.packetsOut}`);
  });

  test('a REFER to an outside number is refused with 403 and the call goes on', async () => {
    const rec = await call(fraudPhone, 3000);
    assert.equal(rec.outcome, 'answered');
    assert.equal(rec.answeringNumber, '13800138000');
  });
});
