// NamedTimers on the fake clock: restart replaces, stop and stopAll clear, a fired timer may be
// started again from its own callback (Timer G re-arming itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { NamedTimers } from '../../../src/sip/transaction/named-timers.ts';

test('starting a running timer restarts it; stop and stopAll clear what runs', () => {
  const clock = new FakeClock();
  const t = new NamedTimers<'A' | 'B' | 'C'>(clock);
  const fired: string[] = [];
  t.start('A', 100, () => fired.push(`A@${clock.now()}`));
  t.start('B', 200, () => fired.push(`B@${clock.now()}`));
  t.start('C', 300, () => fired.push(`C@${clock.now()}`));
  clock.advance(50);
  t.start('A', 100, () => fired.push(`A'@${clock.now()}`));
  assert.equal(clock.pending, 3);
  t.stop('B');
  assert.equal(clock.pending, 2);
  clock.advance(150);
  assert.deepEqual(fired, ["A'@150"]);
  t.stopAll();
  assert.equal(clock.pending, 0);
  clock.advance(1000);
  assert.deepEqual(fired, ["A'@150"]);
});

test('a timer re-armed from its own callback keeps firing until stopped', () => {
  const clock = new FakeClock();
  const t = new NamedTimers<'G'>(clock);
  const at: number[] = [];
  let interval = 500;
  const g = (): void => {
    at.push(clock.now());
    interval *= 2;
    t.start('G', interval, g);
  };
  t.start('G', interval, g);
  clock.advance(3500);
  assert.deepEqual(at, [500, 1500, 3500]);
  t.stop('G');
  assert.equal(clock.pending, 0);
  clock.advance(100_000);
  assert.deepEqual(at, [500, 1500, 3500]);
});
