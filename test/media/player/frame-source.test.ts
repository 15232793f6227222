import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFrameSource, toFrameSource, type FrameSource } from '../../../src/media/player/frame-source.ts';
import { WavCache } from '../../../src/media/wav/wav-cache.ts';
import { encodeWavPcm16 } from '../../../src/media/wav/wav-header.ts';
import { linearToAlaw, linearToUlaw } from '../../../src/media/codec/g711.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';
import type { Synthesizer } from '../../../src/media/tts/synthesizer.ts';

let dir = '';
const files = new WavCache();
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-play-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function drain(src: FrameSource, max = 10_000): Int16Array[] {
  const out: Int16Array[] = [];
  for (let f = src.next(); f; f = src.next()) {
    assert.equal(f.length, 160);
    out.push(f);
    assert.ok(out.length <= max, 'source did not end');
  }
  return out;
}

test('a WAV prompt at 44.1 kHz stereo plays as 20 ms frames at 8 kHz', async () => {
  const path = join(dir, 'p.wav');
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', path, 'synth', '0.5', 'sine', '600']);
  const frames = drain(await openFrameSource({ kind: 'file', path }, { files }));
  assert.equal(frames.length, 25);
  assert.ok(goertzelRatio(frames[10] ?? new Int16Array(0), 600, 8000) > 0.9);
});

test('raw G.711 files (µ-law and A-law) play', async () => {
  const ramp = Int16Array.from({ length: 400 }, (_, i) => (i - 200) * 100);
  writeFileSync(join(dir, 'r.ulaw'), Buffer.from(Array.from(ramp, linearToUlaw)));
  writeFileSync(join(dir, 'r.pcma'), Buffer.from(Array.from(ramp, linearToAlaw)));
  for (const name of ['r.ulaw', 'r.pcma']) {
    const frames = drain(await openFrameSource({ kind: 'file', path: join(dir, name) }, { files }));
    assert.equal(frames.length, 3);
    const f1 = frames[1] ?? new Int16Array(0);
    assert.ok(Math.abs((f1[40] ?? 0) - 0) < 200, `${name} sample 200 ≈ 0`);
    assert.ok(Math.abs((f1[100] ?? 0) - 6000) < 400, `${name} sample 260 ≈ 6000`);
    assert.ok(frames[2]?.subarray(80).every((s) => s === 0), 'last frame padded with silence');
  }
});

test('tones: ringback for a duration, the beep ends on its own, ringback alone never ends', async () => {
  assert.equal(drain(await openFrameSource({ kind: 'tone', tone: 'ringback', durationMs: 6000 }, { files })).length, 300);
  assert.equal(drain(await openFrameSource({ kind: 'tone', tone: 'beep' }, { files })).length, 25);
  const forever = await openFrameSource({ kind: 'tone', tone: 'busy' }, { files });
  for (let i = 0; i < 5000; i++) assert.ok(forever.next());
  assert.equal(forever.frames, 5000);
});

test('a sequence joins items sample-exactly and pads only the end', async () => {
  const a = join(dir, 'a.wav');
  const b = join(dir, 'b.wav');
  writeFileSync(a, encodeWavPcm16(new Int16Array(100).fill(1), 8000));
  writeFileSync(b, encodeWavPcm16(new Int16Array(100).fill(2), 8000));
  const frames = drain(
    await openFrameSource({ kind: 'sequence', items: [{ kind: 'file', path: a }, { kind: 'silence', ms: 5 }, { kind: 'file', path: b }] }, { files }),
  );
  assert.equal(frames.length, 2);
  const all = [...(frames[0] ?? []), ...(frames[1] ?? [])];
  assert.deepEqual(all.slice(0, 100), Array(100).fill(1));
  assert.deepEqual(all.slice(100, 140), Array(40).fill(0));
  assert.deepEqual(all.slice(140, 240), Array(100).fill(2));
  assert.deepEqual(all.slice(240), Array(80).fill(0));
});

test('loop: a short file repeats seamlessly and forever', async () => {
  const path = join(dir, 'l.wav');
  writeFileSync(path, encodeWavPcm16(Int16Array.from({ length: 70 }, (_, i) => i + 1), 8000));
  const src = await openFrameSource({ kind: 'file', path }, { files, loop: true });
  const got: number[] = [];
  for (let i = 0; i < 100; i++) got.push(...(src.next() ?? []));
  assert.equal(got.length, 16000);
  assert.ok(got.every((v, i) => v === (i % 70) + 1));
  // A loop of nothing ends instead of spinning.
  assert.equal(drain(await openFrameSource({ kind: 'silence', ms: 0 }, { files, loop: true })).length, 0);
});

test('text goes through the synthesizer; a missing file rejects', async () => {
  const path = join(dir, 'tts.wav');
  writeFileSync(path, encodeWavPcm16(new Int16Array(800).fill(5), 8000));
  const calls: string[] = [];
  const synthesizer: Synthesizer = {
    synthesize: async (text, lang) => {
      calls.push(`${lang}:${text}`);
      return path;
    },
  };
  const frames = drain(await openFrameSource({ kind: 'text', text: '您好', language: 'zh-CN' }, { files, synthesizer }));
  assert.equal(frames.length, 5);
  assert.deepEqual(calls, ['zh-CN:您好']);
  await assert.rejects(openFrameSource({ kind: 'file', path: join(dir, 'nope.wav') }, { files }));
  await assert.rejects(openFrameSource({ kind: 'text', text: 'x' }, { files }), TypeError);
});

test('in-band DTMF frames from a tone spec (toFrameSource)', async () => {
  const { ToneSource } = await import('../../../src/media/player/sample-source.ts');
  const { dtmfToneSpec } = await import('../../../src/media/dsp/tone-plan.ts');
  const { DtmfDetector } = await import('../../../src/media/dsp/dtmf-detector.ts');
  const frames = drain(toFrameSource(new ToneSource(dtmfToneSpec('#', { onMs: 100, offMs: 60 }))));
  assert.equal(frames.length, 8);
  const det = new DtmfDetector();
  const digits = frames.flatMap((f) => det.process(f)).filter((e) => e.type === 'begin').map((e) => e.digit);
  assert.deepEqual(digits, ['#']);
});
