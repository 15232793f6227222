import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingDrainer } from '../../../src/media/recorder/recording-drainer.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';

test('one timer per clock drains every added recording; it stops with the last one', () => {
  const clock = new FakeClock();
  const drainer = RecordingDrainer.of(clock);
  assert.equal(RecordingDrainer.of(clock), drainer, 'one per clock');
  const a: number[] = [];
  const b: number[] = [];
  const ra = { drainIfDue: (now: number): void => void a.push(now) };
  const rb = { drainIfDue: (now: number): void => void b.push(now) };
  drainer.add(ra);
  drainer.add(rb);
  assert.equal(clock.pending, 1, 'one timer for two recordings');
  clock.advance(1000);
  assert.ok(a.length >= 3 && a.length === b.length, `${a.length} drains`);
  drainer.remove(ra);
  clock.advance(1000);
  assert.ok(b.length > a.length);
  drainer.remove(rb);
  assert.equal(clock.pending, 0, 'no timer left');
  assert.equal(drainer.size, 0);
});
