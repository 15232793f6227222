import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample, resampleAsync } from '../../../src/media/dsp/resampler.ts';
import { downmixToMono, interleaveStereo } from '../../../src/media/dsp/downmix.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';

/** Interleaved stereo: a 1 kHz tone on the left, the same tone 6 dB down on the right, 1 s. */
function stereoTone(rate: number, freq: number): Float32Array {
  const out = new Float32Array(rate * 2);
  for (let i = 0; i < rate; i++) {
    const v = Math.sin((2 * Math.PI * freq * i) / rate);
    out[2 * i] = 10000 * v;
    out[2 * i + 1] = 5000 * v;
  }
  return out;
}

function zeroCrossings(x: Float32Array, from: number, to: number): number {
  let n = 0;
  for (let i = from + 1; i < to; i++) if (((x[i - 1] ?? 0) < 0) !== ((x[i] ?? 0) < 0)) n++;
  return n;
}

for (const rate of [16000, 22050, 44100, 48000]) {
  test(`a 1 kHz stereo tone at ${rate} Hz stays 1 kHz at 8 kHz`, () => {
    const mono = downmixToMono(stereoTone(rate, 1000), 2);
    assert.equal(mono.length, rate);
    const out = resample(mono, rate);
    assert.equal(out.length, 8000);
    // Skip the edges where the kernel runs off the input.
    const mid = out.subarray(400, 7600);
    assert.ok(goertzelRatio(mid, 1000, 8000) > 0.98, 'energy at 1 kHz');
    assert.ok(goertzelRatio(mid, 1100, 8000) < 0.05, 'not at 1.1 kHz');
    // 1 kHz = 2000 zero crossings per second: 7200 samples → 1800.
    const zc = zeroCrossings(out, 400, 7600);
    assert.ok(Math.abs(zc - 1800) <= 2, `zero crossings ${zc}`);
    // Level kept: amplitude (10000+5000)/2 = 7500 → RMS 5303.
    let sum = 0;
    for (const v of mid) sum += v * v;
    const level = Math.sqrt(sum / mid.length);
    assert.ok(Math.abs(level - 5303) < 60, `rms ${level}`);
  });
}

test('content above the new Nyquist is filtered, not folded into the band', () => {
  const rate = 48000;
  const x = new Float32Array(rate);
  for (let i = 0; i < rate; i++) x[i] = 10000 * Math.sin((2 * Math.PI * 6000 * i) / rate);
  const out = resample(x, rate).subarray(400, 7600);
  let sum = 0;
  for (const v of out) sum += v * v;
  const rms = Math.sqrt(sum / out.length);
  // A 6 kHz tone would alias to 2 kHz at 7071 RMS; require > 60 dB of rejection.
  assert.ok(rms < 7.1, `aliased rms ${rms}`);
});

test('up-sampling and identity work too; bad input is refused', () => {
  const x = new Float32Array(8000).map((_, i) => 1000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const up = resample(x, 8000, 16000);
  assert.equal(up.length, 16000);
  assert.ok(goertzelRatio(up.subarray(800, 15200), 440, 16000) > 0.98);
  assert.deepEqual(resample(x, 8000), x);
  assert.throws(() => resample(x, 0), RangeError);
});

test('down-mix averages channels; interleave puts left first', () => {
  assert.deepEqual([...downmixToMono([1, 3, 5, 7, 9], 2)], [2, 6]);
  assert.deepEqual([...downmixToMono([1, 2, 3, 4, 5, 6], 3)], [2, 5]);
  assert.deepEqual([...interleaveStereo(Int16Array.of(1, 2), Int16Array.of(-1, -2))], [1, -1, 2, -2]);
  assert.throws(() => downmixToMono([1], 0), RangeError);
});

test('resampleAsync gives the same samples and lets the event loop run between chunks', async () => {
  const x = new Float32Array(48000).map((_, i) => 1000 * Math.sin(i / 7));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const a = await resampleAsync(x, 48000, 8000, { chunk: 500 });
  clearInterval(timer);
  assert.deepEqual(a, resample(x, 48000));
  assert.ok(ticks >= 2, `event loop ran ${ticks} times during the conversion`);
});
