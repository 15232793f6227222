import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import type { DtmfEvent } from '../../../src/media/media-engine-events.ts';
import { FakePhone, mPort, settle, testPortRange, until } from './fake-phone.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { udpPayloads } from './pcap.ts';

const DIR = '/usr/share/sip-tester';
const FILES: [string, string][] = [
  ...Array.from({ length: 10 }, (_, d): [string, string] => [`dtmf_2833_${d}.pcap`, String(d)]),
  ['dtmf_2833_star.pcap', '*'],
  ['dtmf_2833_pound.pcap', '#'],
];

test('the RFC 4733 captures sip-tester ships: every digit reported exactly once', async (t) => {
  if (!existsSync(`${DIR}/dtmf_2833_0.pcap`)) {
    t.skip('sip-tester is not installed (scripts/install-test-deps.sh installs it)');
    return;
  }
  const clock = new FakeClock();
  const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: testPortRange(), clock });
  const phone = await FakePhone.open();
  const sender = createSocket('udp4');
  await new Promise<void>((r) => sender.bind(0, '127.0.0.1', r));
  try {
    for (const [file, digit] of FILES) {
      const ep = await engine.createEndpoint({ label: file });
      const port = mPort(await ep.setRemoteOffer(phone.sdp({ formats: '0 101' })));
      const digits: DtmfEvent[] = [];
      ep.onDtmf.on((d) => digits.push(d));
      const packets = udpPayloads(`${DIR}/${file}`);
      assert.ok(packets.length > 0, file);
      for (const p of packets) sender.send(p, port, '127.0.0.1');
      await until(async () => (await ep.stats()).packetsIn === packets.length);
      await settle(20);
      // Captures without end packets are closed by the idle flush.
      clock.advance(3000);
      assert.deepEqual(digits.map((d) => [d.digit, d.source]), [[digit, 'rfc4733']], file);
      await ep.destroy();
    }
  } finally {
    await engine.close();
    phone.close();
    sender.close();
  }
});
