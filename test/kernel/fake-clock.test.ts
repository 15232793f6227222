import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/kernel/fake-clock.ts';

test('FakeClock fires due timers in order, each at its own due time', () => {
  const clock = new FakeClock();
  const seen: [string, number][] = [];
  clock.setTimeout(() => seen.push(['b', clock.now()]), 200);
  clock.setTimeout(() => seen.push(['a', clock.now()]), 100);
  clock.setTimeout(() => seen.push(['c', clock.now()]), 200);
  clock.advance(150);
  assert.deepEqual(seen, [['a', 100]]);
  assert.equal(clock.now(), 150);
  clock.advance(50);
  assert.deepEqual(seen, [['a', 100], ['b', 200], ['c', 200]]);
  assert.equal(clock.pending, 0);
});

test('FakeClock fires timers scheduled by callbacks inside the window, and honours clearTimeout', () => {
  const clock = new FakeClock();
  const seen: number[] = [];
  const cancelled = clock.setTimeout(() => seen.push(-1), 50);
  clock.setTimeout(() => {
    seen.push(clock.now());
    clock.setTimeout(() => seen.push(clock.now()), 10);
  }, 20);
  clock.clearTimeout(cancelled);
  clock.advance(100);
  assert.deepEqual(seen, [20, 30]);
  assert.equal(clock.now(), 100);
});

test('FakeClock.runAll drains and refuses endless rescheduling', () => {
  const clock = new FakeClock();
  let n = 0;
  clock.setTimeout(() => n++, 1000);
  clock.runAll();
  assert.equal(n, 1);
  const again = (): void => void clock.setTimeout(again, 1);
  again();
  assert.throws(() => clock.runAll(5));
});
