/**
 * Issue 3 with real peers: SIPp calls the project's own SIP stack + embedded media engine.
 * RFC 4733 digits from Debian's sip-tester captures are each detected exactly once. (Prompt pacing
 * is measured in prompt-pacing.timing.test.ts, which runs alone.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMediaUas } from '../../support/media-uas.ts';
import type { MediaUas } from '../../support/media-uas.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../../support/sipp-process.ts';
import { BYE, uacScenario } from '../../support/sipp-media-scenarios.ts';
import type { DtmfEvent } from '../../../src/media/media-engine.ts';

const PCAP_DIR = '/usr/share/sip-tester';
// The captures are slices of one recorded session (one SSRC): played in their recorded timestamp
// order, as a real phone would send them ('0' was keyed second). Replayed out of order, RTP time
// would run backwards and a correct decoder discards the event as stale.
const DIGITS = ['1', '0', '2', '3', '4', '5', '6', '7', '8', '9', 'star', 'pound'];
const SYMBOL: Record<string, string> = { star: '*', pound: '#' };

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
