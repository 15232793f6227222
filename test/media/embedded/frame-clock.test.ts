import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameClock } from '../../../src/media/embedded/frame-clock.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';

test('ticks are due at start + k × 20 ms: late timers do not accumulate drift over an hour', () => {
  const clock = new FakeClock();
  const fc = new FrameClock(clock);
  const due: number[] = [];
  let ticks = 0;
  fc.add({ onFrame: (tick, dueMs) => {
    ticks = tick + 1;
    if (tick % 1000 === 0) due.push(dueMs);
  } });
  // Every timer fires 3 ms late, as a busy event loop would make it.
  clock.lateness = () => 3;
  clock.advance(3_600_000);
  // One hour is 180 000 frames; lateness costs at most the last frame, not 3 ms × 180 000.
  assert.ok(ticks >= 180_000 && ticks <= 180_001, String(ticks));
  due.forEach((d, i) => assert.equal(d, i * 20_000));
  assert.equal(fc.skipped, 0);
});

test('a stalled loop catches up a few frames at once, then skips and counts the rest', () => {
  const clock = new FakeClock();
  const fc = new FrameClock(clock, 20, 5);
  const seen: number[] = [];
  fc.add({ onFrame: (tick) => seen.push(tick) });
  clock.advance(40); // ticks 0, 1, 2
  assert.deepEqual(seen, [0, 1, 2]);
  // A 200 ms stall: when the loop wakes up at 240 ms, ticks 3..12 are due.
  clock.stall(200);
  clock.advance(0);
  assert.deepEqual(seen.slice(3), [3, 4, 5, 6, 7], 'five caught up');
  assert.equal(fc.skipped, 5, 'ticks 8..12 skipped');
  clock.advance(20);
  assert.equal(seen[seen.length - 1], 13, 'tick 13 is due at 260 ms: numbering stays on the wall clock');
});

test('runs only while it has listeners', () => {
  const clock = new FakeClock();
  const fc = new FrameClock(clock);
  let n = 0;
  const l = { onFrame: () => n++ };
  fc.add(l);
  clock.advance(100);
  fc.remove(l);
  const before = n;
  clock.advance(100);
  assert.equal(n, before);
  assert.equal(fc.size, 0);
});
