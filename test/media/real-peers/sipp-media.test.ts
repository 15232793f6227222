/**
 * Issue 3 with real peers: SIPp calls the project's own SIP stack + embedded media engine.
 * - RFC 4733 digits from Debian's sip-tester captures are each detected exactly once;
 * - a prompt played to the caller arrives well paced (measured in another process, where the
 *   caller's media lands).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMediaUas } from '../../support/media-uas.ts';
import type { MediaUas } from '../../support/media-uas.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../../support/sipp-process.ts';
import type { DtmfEvent } from '../../../src/media/media-engine.ts';

const PCAP_DIR = '/usr/share/sip-tester';
// The captures are slices of one recorded session (one SSRC): played in their recorded timestamp
// order, as a real phone would send them ('0' was keyed second). Replayed out of order, RTP time
// would run backwards and a correct decoder discards the event as stale.
const DIGITS = ['1', '0', '2', '3', '4', '5', '6', '7', '8', '9', 'star', 'pound'];
const SYMBOL: Record<string, string> = { star: '*', pound: '#' };

function uacScenario(opts: { mediaPort?: string; afterAck: string }): string {
  const port = opts.mediaPort ?? '[media_port]';
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="media-peer">
<send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13912345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio ${port} RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
]]></send>
<recv response="100" optional="true"/>
<recv response="200" rrs="true"/>
<send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13912345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
[routes]
Max-Forwards: 70
Content-Length: 0
]]></send>
${opts.afterAck}
</scenario>
`;
}

const BYE = `<send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:13912345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
[routes]
Max-Forwards: 70
Content-Length: 0
]]></send>
<recv response="200"/>`;

const WAIT_FOR_BYE = `<recv request="BYE" timeout="30000"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0
]]></send>`;

let uas: MediaUas;
before(async () => {
  const base = 48000 + (process.pid % 50) * 20;
  uas = await startMediaUas({ rtpPorts: `${base}-${base + 19}` });
});
after(async () => {
  await uas?.close();
});

test('RFC 4733 digits from SIPp are each detected exactly once, in order', async () => {
  const plays = DIGITS.map((d) => `<nop><action><exec play_pcap_audio="${PCAP_DIR}/dtmf_2833_${d}.pcap"/></action></nop>\n<pause milliseconds="400"/>`).join('\n');
  const sipp = startSipp({ scenario: uacScenario({ afterAck: `${plays}\n<pause milliseconds="300"/>\n${BYE}` }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${uas.port}`, service: 'digits' });
  const call = await uas.nextCall();
  const seen: DtmfEvent[] = [];
  call.media.onDtmf.on((e) => seen.push(e));
  await call.ended;
  const run = await sipp.done;
  assert.equal(run.exitCode, 0, run.errors);
  assert.deepEqual(seen.map((e) => e.digit).join(''), DIGITS.map((d) => SYMBOL[d] ?? d).join(''));
  assert.ok(seen.every((e) => e.source === 'rfc4733'));
  await call.media.destroy();
});

test('a prompt played to the caller arrives as a well-paced stream (gap p99 within 20 ± 2 ms)', async () => {
  // The caller's SDP points its audio at a probe in another process, which timestamps arrivals.
  const probePort = await freeUdpPort();
  const probe = spawn(process.execPath, [fileURLToPath(new URL('./rtp-probe.mjs', import.meta.url)), String(probePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  probe.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => setTimeout(r, 300));
  const sipp = startSipp({ scenario: uacScenario({ mediaPort: String(probePort), afterAck: WAIT_FOR_BYE }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${uas.port}`, service: 'prompt' });
  const call = await uas.nextCall();
  const prompt = fileURLToPath(new URL('../../../assets/prompts/zh-CN/welcome.wav', import.meta.url));
  const outcome = await call.media.play({ kind: 'sequence', items: [{ kind: 'file', path: prompt }, { kind: 'file', path: prompt }] });
  assert.equal(outcome, 'finished');
  call.hangup();
  await call.ended;
  const run = await sipp.done;
  assert.equal(run.exitCode, 0, run.errors);
  probe.kill('SIGTERM');
  await new Promise((r) => probe.once('exit', r));
  const arrivals = (JSON.parse(out) as { t: number[] }).t;
  assert.ok(arrivals.length > 100, `only ${arrivals.length} packets arrived`);
  const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t)).sort((a, b) => a - b);
  const p = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? 0;
  const p01 = p(0.01);
  const p99 = p(0.99);
  assert.ok(p99 <= 22 && p01 >= 18, `inter-packet gap p1 ${p01.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${gaps.length} gaps`);
  await call.media.destroy();
});
