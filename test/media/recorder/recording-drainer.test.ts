import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingDrainer } from '../../../src/media/recorder/recording-drainer.ts';

/** A clock whose timers fire when the test advances it. */
function manualClock(): { now(): number; setTimer(ms: number, fn: () => void): { cancel(): void }; advance(ms: number): void; pending(): number } {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => t,
    setTimer(ms, fn) {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return { cancel: () => void (timers = timers.filter((x) => x !== timer)) };
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((x, y) => x.at - y.at)[0];
        if (!due) break;
        t = due.at;
        timers = timers.filter((x) => x !== due);
        due.fn();
      }
      t = end;
    },
    pending: () => timers.length,
  };
}

test('one timer per clock drains every added recording; it stops with the last one', () => {
  const clock = manualClock();
  const drainer = RecordingDrainer.of(clock);
  assert.equal(RecordingDrainer.of(clock), drainer, 'one per clock');
  const a: number[] = [];
  const b: number[] = [];
  const ra = { drainIfDue: (now: number): void => void a.push(now) };
  const rb = { drainIfDue: (now: number): void => void b.push(now) };
  drainer.add(ra);
  drainer.add(rb);
  assert.equal(clock.pending(), 1, 'one timer for two recordings');
  clock.advance(1000);
  assert.ok(a.length >= 3 && a.length === b.length, `${a.length} drains`);
  drainer.remove(ra);
  clock.advance(1000);
  assert.ok(b.length > a.length);
  drainer.remove(rb);
  assert.equal(clock.pending(), 0, 'no timer left');
  assert.equal(drainer.size, 0);
});
