/**
 * Issue 11 finding 2 (reflection): unauthenticated INVITEs drew 11 datagrams each, 17 times the
 * bytes sent, because the 407 was kept in a transaction and retransmitted. Now the challenge is
 * stateless: one datagram back per INVITE, no larger than it, nothing retransmitted even with a
 * short T1 (50 ms: a kept 407 would have been resent several times while the test listens).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { floodInvites } from '../support/udp-flood.ts';

const harnesses: Harness[] = [];
after(async () => {
  for (const h of harnesses) await h.stop();
});

test('100 unauthenticated INVITEs: 100 stateless 407s back, bytes back ≤ bytes sent, no retransmission, no transaction left', async (t) => {
  // The rate limit is off here so that every INVITE is answered: the factor is measured, not the ban.
  const h = await startHarness({ env: { HOTLINE_SIP_RATE_LIMIT: '0' }, sipTimers: { t1: 50 } });
  harnesses.push(h);
  const r = await floodInvites({ from: '127.0.0.6', host: '127.0.0.1', port: h.platform.sipPort, rate: 100, seconds: 1, linger: 3000 });
  t.diagnostic(`sent ${r.sent} datagrams / ${r.bytesSent} bytes, received ${r.received} / ${r.bytesReceived}: factor ${(r.received / r.sent).toFixed(2)} datagrams, ${(r.bytesReceived / r.bytesSent).toFixed(2)} bytes`);
  assert.equal(r.sent, 100);
  assert.deepEqual([...r.statuses], [[407, 100]], 'one 407 per INVITE, no 100 Trying, no retransmission');
  assert.ok(r.bytesReceived <= r.bytesSent, `amplification ${r.bytesReceived} / ${r.bytesSent} bytes`);
  const stats = h.platform.sipStats();
  assert.equal(stats.statelessResponses, 100);
  assert.equal(stats.serverTransactions, 0);
  assert.equal(stats.retransmissionsSent, 0);
});

test('with the default rate limit the same INVITEs get 16 answers, then silence: the address is banned', async () => {
  const h = await startHarness({ sipTimers: { t1: 50 } });
  harnesses.push(h);
  const r = await floodInvites({ from: '127.0.0.6', host: '127.0.0.1', port: h.platform.sipPort, rate: 100, seconds: 1, linger: 1000 });
  assert.deepEqual([...r.statuses], [[407, 16]]);
  assert.match(h.logs(), /sip edge ban: source=127\.0\.0\.6 seconds=300 reason=rate detail="more than 16 requests in 2 s"/);
  assert.equal(h.platform.sipStats().edge?.dropped.banned, 100 - 17);
});
