/**
 * Issue 10: attended transfer from a SIP phone with REFER + Replaces (RFC 5589 §7, RFC 3891). A
 * SIPp caller A behind the trunk dials the 400 number; the bound phone B (SIPp behind the trunk)
 * answers, then places its own second call through us to the tenant's other 400 number, which
 * rings agent 1002 (baresip, registered) — C answers and B talks to C. B then REFERs the caller
 * with a Refer-To carrying Replaces naming its dialog with C: it gets 202, NOTIFY sipfrag 100 then
 * 200, and a BYE on both its dialogs; A then talks to C (RTP both ways, counted on A's record),
 * and B's own call is closed. A Replaces that names no dialog of ours is reported 481 by NOTIFY
 * and the call goes on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { NON2XX_ACK, OK_TO_REQUEST, SDP, cdata, inviteWithSdp, scenario } from '../support/sipp-scenarios.ts';
import { answerThen, phoneRefer, referProgress, talkingCaller } from '../support/sipp-transfer-scenarios.ts';
import { CALLER, NUMBER, tenantIdOf, registeredPhone1002 } from '../support/trunk-call.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';

const NUMBER2 = '4006123457';
/** B's tag in its own call (dialog 2), and that call's Call-ID: SIPp keeps a second dialog in one scenario by a `…///` prefix. */
const B_TAG = '[pid]SIPpTagB[call_number]';
const CALL_ID_2 = 'b2///[call_id]';

const refer = (replaces: string) => phoneRefer(`sip:1002@[local_ip]?Replaces=${replaces}`);

/** B's own call to the second 400 number (it is the UAC of dialog 2). */
const CONSULT_INVITE = `INVITE sip:${NUMBER2}@[platform] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13800138000@[local_ip]:[local_port]>;tag=${B_TAG}
To: <sip:${NUMBER2}@[platform]>
Call-ID: ${CALL_ID_2}
CSeq: 1 INVITE
Contact: <sip:13800138000@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${SDP()}`;

const CONSULT_ACK = `ACK [$c2] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13800138000@[local_ip]:[local_port]>;tag=${B_TAG}
To: <sip:${NUMBER2}@[platform]>;tag=[$t2]
Call-ID: ${CALL_ID_2}
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
`;

/** B consults C through its own call, then REFERs A with Replaces naming that call: 202, NOTIFY 100 and 200, BYE on both dialogs. */
/** B's consult: its INVITE to the second number, answered by C; B talks to C a moment. */
const CONSULT = `<send retrans="500">${cdata(CONSULT_INVITE)}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200"><action>
<ereg regexp="tag=([^;>]+)" search_in="hdr" header="To:" check_it="true" assign_to="t2all,t2"/>
<ereg regexp="&lt;([^&gt;]+)&gt;" search_in="hdr" header="Contact:" check_it="true" assign_to="c2all,c2"/>
</action></recv>
<send>${cdata(CONSULT_ACK)}</send>
<pause milliseconds="1500"/>`;

const attendedPhone = answerThen('phone-transfers-attended', `${CONSULT}
<send retrans="500">${cdata(refer(`b2%2F%2F%2F[call_id]%3Bto-tag%3D[$t2]%3Bfrom-tag%3D${B_TAG}`))}</send>
${referProgress(200)}
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);

/**
 * The other way round (RFC 5589 allows either): B REFERs in its own call to C, and the Replaces
 * names its dialog with the platform that carries the caller (our tag there is its From tag).
 */
const attendedOtherWayPhone = answerThen('phone-transfers-attended-2', `${CONSULT}
<send retrans="500">${cdata(`REFER [$c2] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13800138000@[local_ip]:[local_port]>;tag=${B_TAG}
To: <sip:${NUMBER2}@[platform]>;tag=[$t2]
Call-ID: ${CALL_ID_2}
CSeq: 2 REFER
Contact: <sip:13800138000@[local_ip]:[local_port];transport=[transport]>
Refer-To: <sip:${CALLER}@[local_ip]?Replaces=[call_id]%3Bto-tag%3D[$ourtag1]%3Bfrom-tag%3D[pid]SIPpTag01[call_number]>
Max-Forwards: 70
Content-Length: 0
`)}</send>
${referProgress(200)}
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`, '<ereg regexp="tag=([^;>]+)" search_in="hdr" header="From:" check_it="true" assign_to="ourtag1all,ourtag1"/>');

/** A Replaces naming no dialog of ours: 202, then NOTIFY 481; B talks on until the caller hangs up. */
const strayReplacesPhone = answerThen('phone-transfers-attended', `<send retrans="500">${cdata(refer('deadbeef%3Bto-tag%3D1%3Bfrom-tag%3D2'))}</send>
${referProgress(481)}
<recv request="BYE" timeout="15000"/>
<send>${cdata(OK_TO_REQUEST)}</send>
<pause milliseconds="200"/>`);

/** An INVITE with Replaces naming no dialog of ours (RFC 3891 §3): 481, and no call is made. */
const strayReplacesInvite = scenario('invite-replaces', `<send retrans="500">${cdata(inviteWithSdp().replace('Max-Forwards: 70', 'Max-Forwards: 70\nReplaces: deadbeef;to-tag=1;from-tag=2'))}</send>
<recv response="100" optional="true"/>
<recv response="481"/>
<send>${cdata(NON2XX_ACK)}</send>`);

describe('attended transfer by REFER with Replaces (SIPp caller and phone, baresip agent)', () => {
  let h: Harness;
  let agent: Baresip;
  let tenantId: string;
  let phonePort: number;

  before(async () => {
    h = await startHarness();
    phonePort = await freeUdpPort();
    const tenant = tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [{ username: 'agent1002', role: 'agent', agentId: '1002', sip: { username: '1002', password: 'phone-secret-1002' } }]);
    tenant.numbers = [...(tenant.numbers ?? []), { number: NUMBER2, boundPhones: [{ sip: '1002' }] }];
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
      tenants: [tenant],
    });
    tenantId = await tenantIdOf(h);
    agent = await registeredPhone1002(h, 46200 + (process.pid % 50) * 20);
  });
  after(async () => {
    await agent?.stop();
    await h?.stop();
  });

  async function call(phone: string, callerTalkMs: number): Promise<CallRecord[]> {
    const before = new Set((await listCallRecords(h.platform.database.db, tenantId, { limit: 10 })).map((r) => r.id));
    const uas = startSipp({ scenario: phone, port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'], keys: { platform: `127.0.0.1:${h.platform.sipPort}` } });
    await new Promise((r) => setTimeout(r, 300));
    const uac = startSipp({ scenario: talkingCaller(callerTalkMs), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
    const [c, p] = await Promise.all([uac.done, uas.done]);
    assertSippPassed(p, 'phone', `${h.logs()}\n--- baresip ---\n${agent.output()}`);
    assertSippPassed(c, 'caller', `${h.logs()}\n--- baresip ---\n${agent.output()}`);
    let recs: CallRecord[] = [];
    await until(async () => {
      recs = (await listCallRecords(h.platform.database.db, tenantId, { limit: 10 })).filter((r) => !before.has(r.id));
      return recs.length > 0 && recs.every((r) => r.endedAt != null);
    }, 'the call records to close');
    return recs;
  }

  async function transferred(phone: string): Promise<void> {
    const recs = await call(phone, 9000);
    const callers = recs.find((r) => r.number400 === NUMBER);
    const consult = recs.find((r) => r.number400 === NUMBER2);
    assert.ok(callers && consult, `both calls recorded: ${JSON.stringify(recs.map((r) => r.number400))}`);
    assert.equal(callers.outcome, 'answered');
    assert.equal(callers.endedBy, 'caller', 'the caller hung up the transferred call');
    assert.equal(callers.answeringNumber, '1002', 'the caller ended up with agent 1002');
    const m = callers.mediaStats as { callee: { packetsIn: number; packetsOut: number } };
    // After the transfer the caller's other side is baresip, anchored in the caller's call.
    assert.ok(m.callee.packetsIn > 50, `baresip → platform packets ${m.callee.packetsIn}`);
    assert.ok(m.callee.packetsOut > 50, `platform → baresip packets ${m.callee.packetsOut}`);
    assert.equal(consult.outcome, 'answered');
    assert.equal(consult.sipReason, 'transferred');
  }

  test('attended transfer: B consults agent 1002 on its own call, REFERs the caller with Replaces; the caller talks to 1002', () => transferred(attendedPhone));

  test("attended transfer the other way: B REFERs in its call to 1002 with Replaces naming the caller's dialog", () => transferred(attendedOtherWayPhone));

  test('a Replaces naming no dialog of ours: NOTIFY 481 and the call goes on', async () => {
    const [rec] = await call(strayReplacesPhone, 3000);
    assert.equal(rec?.outcome, 'answered');
    assert.equal(rec?.answeringNumber, '13800138000');
  });

  test('an INVITE with Replaces naming no dialog of ours gets 481 and makes no call', async () => {
    const before = (await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0]?.id;
    const uac = startSipp({ scenario: strayReplacesInvite, port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER } });
    assertSippPassed(await uac.done, 'caller', h.logs());
    assert.equal((await listCallRecords(h.platform.database.db, tenantId, { limit: 1 }))[0]?.id, before, 'no call record');
  });

  test.todo('an INVITE with Replaces naming a ringing (early) leg we rang — call pick-up while it rings (RFC 3891 §3: accept, CANCEL the rung phone): the early dialogs of the dial step are not findable by Replaces yet, so it is 481; taking over an answered leg is test/calls/invite-replaces.test.ts');
  test.todo('INVITE with Replaces over real sockets (SIPp caller, baresip/SIPp phones, RTP checked on the new leg) — covered on the harness only this session');
});
