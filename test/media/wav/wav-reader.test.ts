import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, wavTo8kMono, wavTo8kMonoAsync } from '../../../src/media/wav/wav-reader.ts';
import { encodeWavPcm16, encodeWavUlaw, parseWavHeader } from '../../../src/media/wav/wav-header.ts';
import { ULAW_TO_LINEAR } from '../../../src/media/codec/g711-tables.ts';
import { WavCache } from '../../../src/media/wav/wav-cache.ts';
import { WavError } from '../../../src/media/wav/wav-error.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-wav-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A 1 kHz sine of 0.5 s made by sox in the given encoding. */
function soxTone(name: string, args: string[]): Buffer {
  const path = join(dir, name);
  execFileSync('sox', ['-n', ...args, path, 'synth', '0.5', 'sine', '1000', 'vol', '0.5']);
  return readFileSync(path);
}

const cases: Array<[string, string[]]> = [
  ['pcm8-8k-mono', ['-r', '8000', '-c', '1', '-b', '8', '-e', 'unsigned-integer']],
  ['pcm16-16k-mono', ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer']],
  ['pcm24-48k-stereo', ['-r', '48000', '-c', '2', '-b', '24', '-e', 'signed-integer']],
  ['pcm32-44k-stereo', ['-r', '44100', '-c', '2', '-b', '32', '-e', 'signed-integer']],
  ['float32-22k-stereo', ['-r', '22050', '-c', '2', '-b', '32', '-e', 'floating-point']],
  ['ulaw-8k-mono', ['-r', '8000', '-c', '1', '-e', 'u-law']],
  ['alaw-8k-stereo', ['-r', '8000', '-c', '2', '-e', 'a-law']],
  ['pcm16-11k-6ch', ['-r', '11025', '-c', '6', '-b', '16', '-e', 'signed-integer']],
];

for (const [name, args] of cases) {
  test(`${name} → 8 kHz mono 16-bit keeps a 1 kHz tone at its level`, async () => {
    const file = soxTone(`${name}.wav`, args);
    const pcm = wavTo8kMono(file);
    assert.deepEqual(await wavTo8kMonoAsync(file), pcm, 'async conversion gives the same samples');
    assert.ok(Math.abs(pcm.length - 4000) <= 1, `length ${pcm.length}`);
    const mid = pcm.subarray(400, 3600);
    assert.ok(goertzelRatio(mid, 1000, 8000) > 0.97, 'energy at 1 kHz');
    let peak = 0;
    for (const s of mid) peak = Math.max(peak, Math.abs(s));
    assert.ok(Math.abs(peak - 16384) < 16384 * 0.06, `peak ${peak}`);
  });
}

test('decodeWav keeps channels interleaved and reports the format', () => {
  const buf = encodeWavPcm16(Int16Array.of(1, -1, 2, -2, 3, -3), 16000, 2);
  const wav = decodeWav(buf);
  assert.equal(wav.sampleRate, 16000);
  assert.equal(wav.channels, 2);
  assert.deepEqual([...wav.samples], [1, -1, 2, -2, 3, -3]);
  assert.equal(wav.info.format, 'pcm');
});

test('a µ-law WAV as the recorder writes it (fmt with cbSize, fact chunk): decoded per channel, sox agrees', () => {
  const bytes = Uint8Array.from({ length: 1600 }, (_, i) => (i % 2 === 0 ? 0x8f : 0x0f)); // left +, right −
  const buf = encodeWavUlaw(bytes, 8000, 2);
  const wav = decodeWav(buf);
  assert.deepEqual([wav.info.format, wav.channels, wav.sampleRate, wav.info.dataOffset, wav.info.declaredFactSamples], ['ulaw', 2, 8000, 58, 800]);
  assert.deepEqual([...wav.samples.subarray(0, 4)], [ULAW_TO_LINEAR[0x8f], ULAW_TO_LINEAR[0x0f], ULAW_TO_LINEAR[0x8f], ULAW_TO_LINEAR[0x0f]]);
  assert.ok((ULAW_TO_LINEAR[0x8f] ?? 0) > 0 && (ULAW_TO_LINEAR[0x0f] ?? 0) < 0);
  const path = join(dir, 'ulaw-ours.wav');
  writeFileSync(path, buf);
  assert.equal(execFileSync('sox', ['--i', '-D', path]).toString().trim(), '0.100000');
  // sox decodes the left channel to the same value (its output as 16-bit raw).
  const raw = execFileSync('sox', [path, '-t', 'raw', '-e', 'signed', '-b', '16', '-', 'remix', '1']);
  assert.equal(raw.readInt16LE(0), ULAW_TO_LINEAR[0x8f]);
  assert.equal(raw.length, 1600);
});

test('extra chunks, odd-sized chunks and a truncated data chunk are read', () => {
  const base = encodeWavPcm16(Int16Array.of(10, 20, 30, 40), 8000);
  // Insert an odd-sized LIST chunk (padded) between fmt and data.
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
  const withList = Buffer.concat([base.subarray(0, 36), list, base.subarray(36)]);
  assert.deepEqual([...decodeWav(withList).samples], [10, 20, 30, 40]);
  // Truncated in the middle of the last sample: the header claims 8 bytes, 5 are there.
  const cut = base.subarray(0, 44 + 5);
  const info = parseWavHeader(cut);
  assert.equal(info.declaredDataLength, 8);
  assert.equal(info.dataLength, 4);
  assert.deepEqual([...decodeWav(cut).samples], [10, 20]);
});

test('bad files throw WavError with a code', () => {
  const bad: Array<[Buffer, string]> = [
    [Buffer.from('hello world, not a wav'), 'not-wav'],
    [Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]), 'no-fmt'],
    [encodeWavPcm16(new Int16Array(0), 8000).subarray(0, 36), 'no-data'],
  ];
  for (const [buf, code] of bad) assert.throws(() => decodeWav(buf), (e: unknown) => e instanceof WavError && e.code === code);
  const adpcm = encodeWavPcm16(new Int16Array(4), 8000);
  adpcm.writeUInt16LE(2, 20); // MS ADPCM
  assert.throws(() => decodeWav(adpcm), (e: unknown) => e instanceof WavError && e.code === 'unsupported-format');
});

test('fuzz: corrupted headers never throw anything but WavError', () => {
  const pcm = soxTone('fuzz.wav', ['-r', '16000', '-c', '2', '-b', '16']);
  const ulaw = encodeWavUlaw(new Uint8Array(800).fill(0x9a), 8000, 2);
  let seed = 1;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 3000; i++) {
    const good = i % 3 === 2 ? ulaw : pcm;
    const b = Buffer.from(good.subarray(0, 44 + rand(400)));
    for (let k = 0; k < 1 + rand(4); k++) b[rand(62)] = rand(256);
    try {
      decodeWav(b);
    } catch (e) {
      assert.ok(e instanceof WavError, String(e));
    }
  }
});

test('WavCache converts a file once, again after it changes, and reports unreadable files', async () => {
  const path = join(dir, 'cached.wav');
  writeFileSync(path, soxTone('c1.wav', ['-r', '48000', '-c', '2']));
  const cache = new WavCache();
  const a = await cache.load(path);
  const b = await cache.load(path);
  assert.equal(a, b);
  assert.equal(cache.conversions, 1);
  writeFileSync(path, encodeWavPcm16(new Int16Array(800), 8000));
  utimesSync(path, new Date(), new Date(Date.now() + 5000));
  const c = await cache.load(path);
  assert.equal(c.length, 800);
  assert.equal(cache.conversions, 2);
  await assert.rejects(cache.load(join(dir, 'missing.wav')), (e: unknown) => e instanceof WavError && e.code === 'io');
});
