import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { CallRateMeter } from '../../src/platform/call-rate-meter.ts';

test('calls per second: the average of the last ten seconds, forgetting older starts', () => {
  const clock = new FakeClock();
  const meter = new CallRateMeter(clock);
  assert.equal(meter.perSecond(), 0);
  for (let i = 0; i < 20; i++) meter.record();
  assert.equal(meter.perSecond(), 2);
  clock.advance(5_000);
  for (let i = 0; i < 10; i++) meter.record();
  assert.equal(meter.perSecond(), 3);
  clock.advance(5_000);
  assert.equal(meter.perSecond(), 1, 'the first burst is older than ten seconds');
  clock.advance(60_000);
  assert.equal(meter.perSecond(), 0);
});
