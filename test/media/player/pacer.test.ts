import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramePacer } from '../../../src/media/player/pacer.ts';
import { Playback } from '../../../src/media/player/playback.ts';
import type { FrameSource } from '../../../src/media/player/frame-source.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';

test('one simulated hour with late timers: every frame at start + n·20 ms, zero drift', () => {
  let seed = 42;
  // Each timer fires 0–15 ms late (a loaded event loop).
  const clock = new FakeClock(5_000, { lateness: () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 16 });
  const start = clock.now();
  const sentAt: number[] = [];
  const pacer = new FramePacer({ clock, onTick: (n, due) => {
    assert.equal(n, sentAt.length, 'indices are contiguous');
    assert.equal(due, start + n * 20);
    sentAt.push(clock.now());
  } });
  pacer.start();
  const hour = 3_600_000;
  clock.advance(hour);
  pacer.stop();
  // Frames 0..180000 are due within the hour; the last may still be waiting on its late timer.
  assert.ok(sentAt.length === 180_001 || sentAt.length === 180_000, `frames ${sentAt.length}`);
  let maxLate = 0;
  for (const [n, at] of sentAt.entries()) {
    const late = at - (start + n * 20);
    assert.ok(late >= 0, `frame ${n} early`);
    maxLate = Math.max(maxLate, late);
  }
  // Lateness never accumulates: bounded by a single timer's lateness, also at the end of the hour.
  assert.ok(maxLate <= 15, `max lateness ${maxLate}`);
  const last = sentAt.length - 1;
  assert.ok((sentAt[last] ?? 0) - (start + last * 20) <= 15);
  assert.equal(pacer.skipped, 0);
  assert.equal(clock.pending, 0);
});

test('a long stall sends a short burst and skips the rest', () => {
  let stall = true;
  const clock = new FakeClock(0, { lateness: () => (stall ? ((stall = false), 300) : 0) });
  const ticks: Array<[number, number]> = [];
  const pacer = new FramePacer({ clock, onTick: (n) => void ticks.push([n, clock.now()]), maxBurst: 5 });
  pacer.start(); // frame 0 at t=0; the next timer is 300 ms late
  clock.advance(400);
  pacer.stop();
  const at320 = ticks.filter(([, t]) => t === 320).map(([n]) => n);
  assert.deepEqual(at320, [1, 2, 3, 4, 5, 16]);
  assert.equal(pacer.skipped, 10);
  assert.deepEqual(ticks.slice(-1), [[20, 400]]);
});

function counter(frames: number): FrameSource {
  let made = 0;
  return {
    get frames() {
      return made;
    },
    next: () => (made < frames ? new Int16Array(160).fill(++made) : null),
  };
}

test('playback ends finished after the last frame, at the right time', async () => {
  const clock = new FakeClock(0);
  const sent: Array<[number, number]> = [];
  const pb = new Playback(counter(50), { clock, onFrame: (f, n) => sent.push([f[0] ?? 0, n]) });
  pb.start();
  clock.advance(2000);
  assert.equal(await pb.outcome, 'finished');
  assert.equal(sent.length, 50);
  assert.deepEqual(sent[49], [50, 49]);
  assert.equal(clock.pending, 0);
});

test('stop on DTMF: no frame after the digit; without the option the digit is ignored', async () => {
  const clock = new FakeClock(0);
  let sent = 0;
  const pb = new Playback(counter(1000), { clock, stopOnDtmf: true, onFrame: () => void sent++ });
  pb.start();
  clock.advance(110); // frames at 0,20,…,100 → 6
  pb.dtmf('5');
  const atDigit = sent;
  clock.advance(1000);
  assert.equal(atDigit, 6);
  assert.equal(sent, 6);
  assert.equal(await pb.outcome, 'dtmf');

  const keep = new Playback(counter(10), { clock, onFrame: () => undefined });
  keep.start();
  keep.dtmf('1');
  clock.advance(1000);
  assert.equal(await keep.outcome, 'finished');
});

test('abort and stop end the play as stopped', async () => {
  const clock = new FakeClock(0);
  const ac = new AbortController();
  const pb = new Playback(counter(1000), { clock, signal: ac.signal, onFrame: () => undefined });
  pb.start();
  clock.advance(100);
  ac.abort();
  assert.equal(await pb.outcome, 'stopped');
  assert.equal(clock.pending, 0);
  const pre = new AbortController();
  pre.abort();
  let sent = 0;
  const never = new Playback(counter(10), { clock, signal: pre.signal, onFrame: () => void sent++ });
  never.start();
  assert.equal(await never.outcome, 'stopped');
  assert.equal(sent, 0);
  const s = new Playback(counter(10), { clock, onFrame: () => undefined });
  s.start();
  s.stop();
  assert.equal(await s.outcome, 'stopped');
});
