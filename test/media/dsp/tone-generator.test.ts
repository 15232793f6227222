import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToneGenerator } from '../../../src/media/dsp/tone-generator.ts';
import { CHINA_TONES, dtmfToneSpec } from '../../../src/media/dsp/tone-plan.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';

/** Run lengths of tone (non-zero) and silence (exact zeros), pulled frame by frame as the player does. */
function runs(gen: ToneGenerator, totalSamples: number): Array<{ on: boolean; n: number }> {
  const out: Array<{ on: boolean; n: number }> = [];
  const frame = new Int16Array(160);
  for (let done = 0; done < totalSamples; done += frame.length) {
    gen.fill(frame);
    for (const s of frame) {
      const on = s !== 0;
      const last = out[out.length - 1];
      if (last && last.on === on) last.n++;
      else out.push({ on, n: 1 });
    }
  }
  return out;
}

test('ringback is 450 Hz, exactly 8000 samples on and 32000 off, repeating', () => {
  const r = runs(new ToneGenerator(CHINA_TONES.ringback), 8000 * 25);
  assert.deepEqual(
    r.map((x) => [x.on, x.n]),
    [
      [true, 8000], [false, 32000], [true, 8000], [false, 32000], [true, 8000], [false, 32000],
      [true, 8000], [false, 32000], [true, 8000], [false, 32000],
    ],
  );
  const buf = new Int16Array(8000);
  new ToneGenerator(CHINA_TONES.ringback).fill(buf);
  assert.ok(goertzelRatio(buf, 450, 8000) > 0.95);
});

test('busy is exactly 2800 samples on, 2800 off', () => {
  const r = runs(new ToneGenerator(CHINA_TONES.busy), 2800 * 20);
  assert.equal(r.length, 20);
  for (const [i, x] of r.entries()) {
    assert.equal(x.on, i % 2 === 0);
    assert.equal(x.n, 2800);
  }
});

test('congestion 0.7/0.7 s, call waiting 0.4/4 s, dial continuous', () => {
  const c = runs(new ToneGenerator(CHINA_TONES.congestion), 5600 * 4);
  assert.deepEqual(c.map((x) => x.n), [5600, 5600, 5600, 5600]);
  const w = runs(new ToneGenerator(CHINA_TONES['call-waiting']), 8000 * 8.8);
  assert.deepEqual(w.map((x) => x.n), [3200, 32000, 3200, 32000]);
  const d = runs(new ToneGenerator(CHINA_TONES.dial), 8000 * 3);
  assert.deepEqual(d, [{ on: true, n: 24000 }]);
});

test('a non-repeating tone finishes after its last burst', () => {
  const gen = new ToneGenerator(CHINA_TONES.beep);
  assert.equal(gen.periodSamples, 4000);
  const frame = new Int16Array(160);
  let frames = 0;
  while (!gen.finished) {
    gen.fill(frame);
    frames++;
    assert.ok(frames < 100);
  }
  assert.equal(frames, 25);
  gen.fill(frame);
  assert.ok(frame.every((s) => s === 0));
});

test('level follows dBm0 and DTMF holds both frequencies', () => {
  const buf = new Int16Array(800);
  new ToneGenerator(CHINA_TONES.dial).fill(buf);
  const peak = Math.max(...buf);
  // -10 dBm0: 32767 · 10^(-13.17/20) ≈ 7189
  assert.ok(Math.abs(peak - 7189) < 10, `peak ${peak}`);
  const d = new Int16Array(800);
  new ToneGenerator(dtmfToneSpec('5')).fill(d);
  assert.ok(goertzelRatio(d, 770, 8000) > 0.4 && goertzelRatio(d, 1336, 8000) > 0.4);
  assert.throws(() => dtmfToneSpec('x'), RangeError);
});
