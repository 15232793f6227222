/**
 * Issue 11 finding 1, the toll-fraud half: a phone's credentials placed 150 concurrent calls out of
 * the carrier trunk. Now an authenticated SIP user (SIPp answering the 407 with digest, from an
 * address that is not a trunk's) gets HOTLINE_SIP_USER_MAX_CALLS calls through the trunk at once:
 * with a cap of 1, the first call is answered by the PSTN phone behind the trunk and a second one
 * placed while it talks is refused with 403 Concurrent Call Limit.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { cdata, phoneScenario, scenario } from '../support/sipp-scenarios.ts';

const PASSWORD = 'phone-secret-1001';
const SDP = `v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000`;

const invite = (cseq: number, auth: boolean) => `INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:1001@[remote_ip]>;tag=[pid]U[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: ${cseq} INVITE
Contact: <sip:1001@[local_ip]:[local_port]>
Max-Forwards: 70
${auth ? `[authentication username=1001 password=${PASSWORD}]\n` : ''}Content-Type: application/sdp
Content-Length: [len]

${SDP}`;

/** A phone's call as a SIPp caller: INVITE, 407, INVITE with digest credentials, then `outcome`. */
function userCaller(outcome: 'talk' | 'refused'): string {
  const end =
    outcome === 'talk'
      ? `<recv response="200" rrs="true"/>
<send>${cdata(`ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
[routes]
From: <sip:1001@[remote_ip]>;tag=[pid]U[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 ACK
Max-Forwards: 70
Content-Length: 0`)}</send>
<pause milliseconds="4000"/>
<send retrans="500">${cdata(`BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
[routes]
From: <sip:1001@[remote_ip]>;tag=[pid]U[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 3 BYE
Max-Forwards: 70
Content-Length: 0`)}</send>
<recv response="200"/>`
      : `<recv response="403"><action><ereg regexp="Concurrent Call Limit" search_in="msg" check_it="true" assign_to="r"/></action></recv>
<send>${cdata(`ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
From: <sip:1001@[remote_ip]>;tag=[pid]U[call_number]
[last_To:]
Call-ID: [call_id]
CSeq: 2 ACK
Max-Forwards: 70
Content-Length: 0`)}</send>`;
  return scenario(`user-${outcome}`, `<send retrans="500">${cdata(invite(1, false))}</send>
<recv response="407" auth="true"/>
<send retrans="500">${cdata(invite(2, true))}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
${end}`);
}

let h: Harness | undefined;
after(async () => {
  await h?.stop();
});

test('an authenticated SIP user gets HOTLINE_SIP_USER_MAX_CALLS calls through the trunk at once; the next is refused 403', async () => {
  h = await startHarness({ env: { HOTLINE_SIP_USER_MAX_CALLS: '1' } });
  const phonePort = await freeUdpPort();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
    tenants: [tenantWithNumber('4006123456', [{ pstn: '13800138000' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: PASSWORD } }])],
  });
  const remote = `127.0.0.1:${h.platform.sipPort}`;
  // The phone behind the trunk answers and talks until the caller hangs up (an extension is no phone number: the 400 number is shown as the caller).
  const phone = startSipp({ scenario: phoneScenario({ kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 4000 }, '4006123456'), port: phonePort, mediaPort: nextMediaPort() });
  await phone.listening();
  // Both callers send from 127.0.0.3: not a trunk's address, so they must authenticate.
  const first = startSipp({ scenario: userCaller('talk'), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote, service: '4006123456', extraArgs: ['-i', '127.0.0.3', '-mi', '127.0.0.3'] });
  await new Promise((r) => setTimeout(r, 2000));
  const second = startSipp({ scenario: userCaller('refused'), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote, service: '4006123456', extraArgs: ['-i', '127.0.0.3', '-mi', '127.0.0.3'] });
  assertSippPassed(await second.done, 'caller', h.logs());
  assertSippPassed(await first.done, 'caller', h.logs());
  const p = await phone.done;
  assertSippPassed(p, 'phone', p.errors);
  assert.match(h.logs(), /sip user call refused: user="1001" reason="Concurrent Call Limit"/);
});
