/**
 * Issue 11 finding 2: 2 000 INVITEs/s from one address were all answered, and while they came only
 * 105 of a trunk's 200 calls completed. Now the flooding address is banned after 16 requests in
 * 2 s and its remaining INVITEs are dropped unread, while SIPp behind the trunk places 50 calls/s
 * in the same seconds with no failure. (bench/sip-flood measures the same with memory and CPU.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { freeUdpPort } from '../support/sipp-process.ts';
import { floodInvitesInChild } from '../support/udp-flood.ts';
import { runStep } from '../../bench/sip-cps/step.ts';

let h: Harness | undefined;
after(async () => {
  await h?.stop();
});

test('a flood of 2 000 INVITEs/s from one address is banned while a trunk’s 50 calls/s complete with 0 failures', async (t) => {
  // 50 calls/s of 0.5 s hold ≈ 40 calls up: more RTP ports than the harness's 100 (above Linux's ephemeral range).
  h = await startHarness({ env: { HOTLINE_RECORD_CALLS: 'false', HOTLINE_RTP_PORTS: '61000-61999' } });
  const uasPort = await freeUdpPort();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: uasPort, transport: 'udp' } }],
    tenants: [tenantWithNumber('4006123456', [{ pstn: '13900139000' }])],
  });
  const seconds = 5;
  const step = { callMs: 500, target: { host: '127.0.0.1', port: h.platform.sipPort }, uasPort, service: '4006123456', caller: '13800138000', transport: 'udp' as const };
  // Warm-up, as the benchmarks do: the platform compiles its call path on its first calls.
  await runStep({ ...step, rate: 20, seconds: 2 });
  await new Promise((r) => setTimeout(r, 1000));
  const [calls, flood] = await Promise.all([
    runStep({ ...step, rate: 50, seconds }),
    // From another process, so that sending does not take this process's (the platform's) event loop.
    floodInvitesInChild({ from: '127.0.0.7', host: '127.0.0.1', port: h.platform.sipPort, rate: 2000, seconds, linger: 1000 }),
  ]);
  t.diagnostic(`trunk: ${calls.successful}/${calls.attempted} calls, ${calls.failed} failed, ${calls.retransmissions} retransmissions; flood: ${flood.sent} sent, ${flood.received} answered`);
  assert.equal(calls.failed, 0, `${calls.note}\n${h.logs()}`);
  assert.equal(calls.successful, calls.attempted);
  assert.equal(flood.sent, 10_000);
  assert.deepEqual([...flood.statuses], [[407, 16]], 'the first 16 were challenged, the rest met silence');
  assert.match(h.logs(), /sip edge ban: source=127\.0\.0\.7 seconds=300 reason=rate/);
  const edge = h.platform.sipStats().edge;
  assert.equal(edge?.dropped.banned, 10_000 - 17);
  assert.equal(edge?.bans.rate, 1);
});
