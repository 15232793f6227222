import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { UserCallCaps, ringsThroughTrunk } from '../../src/calls/user-call-caps.ts';
import type { RouteDecision } from '../../src/calls/call-router.ts';

test('per SIP user: calls up at once and calls started per minute are capped; other users are not affected', () => {
  const clock = new FakeClock(1_000_000);
  const refused: string[] = [];
  const caps = new UserCallCaps({ clock, maxConcurrent: 2, perMinute: 3, onRefused: (u, r) => refused.push(`${u} ${r.reason}`) });
  assert.equal(caps.refusal('1001'), undefined);
  caps.started('1001', 'a');
  caps.started('1001', 'b');
  assert.deepEqual(caps.refusal('1001'), { status: 403, reason: 'Concurrent Call Limit', outcome: 'over_cap' });
  assert.equal(caps.refusal('1002'), undefined);
  caps.ended('a');
  caps.ended('a');
  assert.equal(caps.refusal('1001'), undefined, 'one ended (twice told, counted once)');
  caps.started('1001', 'c');
  caps.ended('b');
  caps.ended('c');
  assert.deepEqual(caps.refusal('1001'), { status: 403, reason: 'Call Rate Limit', outcome: 'over_cap' }, 'three started within the minute');
  clock.advance(60_000);
  assert.equal(caps.refusal('1001'), undefined, 'a minute later');
  assert.deepEqual(refused, ['1001 Concurrent Call Limit', '1001 Call Rate Limit']);
  const off = new UserCallCaps({ clock, maxConcurrent: 0, perMinute: 0 });
  for (let i = 0; i < 500; i++) off.started('1001', `x${i}`);
  assert.equal(off.refusal('1001'), undefined);
});

test('only plans that may ring a PSTN number through the trunk count', () => {
  const base: Extract<RouteDecision, { kind: 'dial' }> = { kind: 'dial', tenantId: 't', number400: '4006123456', targets: [], strategy: 'sequential', ringTimeoutMs: 1000 };
  const pstn = { kind: 'pstn' as const, number: '13800138000', trunkId: 'tr', proxy: { transport: 'udp' as const, host: '127.0.0.1', port: 5060 }, proxyHost: '127.0.0.1' };
  const sip = { kind: 'sip' as const, username: '1002', contacts: [] };
  assert.equal(ringsThroughTrunk({ ...base, targets: [sip] }), false);
  assert.equal(ringsThroughTrunk({ ...base, targets: [sip, pstn] }), true);
  assert.equal(ringsThroughTrunk({ ...base, targets: [sip], forwarding: { onBusy: [], onNoAnswer: [pstn], maxForwards: 1, ringTimeoutMs: 1000 } }), true);
});
