import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspeakSynthesizer } from '../../../src/media/tts/espeak-synthesizer.ts';
import { TtsError } from '../../../src/media/tts/tts-error.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-tts-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function check(path: string): number {
  const wav = decodeWav(readFileSync(path));
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.channels, 1);
  assert.equal(wav.info.bitsPerSample, 16);
  let sum = 0;
  for (const s of wav.samples) sum += s * s;
  const rms = Math.sqrt(sum / wav.samples.length);
  assert.ok(rms > 500, `audible (rms ${rms})`);
  return wav.samples.length / 8000;
}

test('Chinese and English sentences become non-empty 8 kHz mono WAVs; the cache hit does not spawn', async () => {
  const tts = new EspeakSynthesizer({ cacheDir: join(dir, 'cache') });
  const zh = await tts.synthesize('您好，欢迎致电，请按一号键。', 'zh-CN');
  const en = await tts.synthesize('Hello, thank you for calling.', 'en');
  assert.notEqual(zh, en);
  assert.ok(check(zh) > 1, 'Chinese sentence lasts over a second');
  assert.ok(check(en) > 1, 'English sentence lasts over a second');
  assert.equal(tts.spawns, 2);
  assert.equal(await tts.synthesize('您好，欢迎致电，请按一号键。', 'zh-CN'), zh);
  assert.equal(await tts.synthesize('  Hello, thank you for calling. ', 'en'), en);
  assert.equal(tts.spawns, 2);
  // Another instance on the same directory (a restart) finds the cache on disk.
  const again = new EspeakSynthesizer({ cacheDir: join(dir, 'cache') });
  assert.equal(await again.synthesize('Hello, thank you for calling.', 'en'), en);
  assert.equal(again.spawns, 0);
});

test('concurrent requests for one text share one process; text is never an option', async () => {
  const tts = new EspeakSynthesizer({ cacheDir: join(dir, 'c2') });
  const [a, b] = await Promise.all([tts.synthesize('-v xx --help', 'en'), tts.synthesize('-v xx --help', 'en')]);
  assert.equal(a, b);
  assert.equal(tts.spawns, 1);
  check(a);
});

test('errors: empty text, a malformed voice name, a missing binary', async () => {
  const tts = new EspeakSynthesizer({ cacheDir: join(dir, 'c3'), binary: '/nonexistent/espeak-ng' });
  await assert.rejects(tts.synthesize('   ', 'en'), (e: unknown) => e instanceof TtsError && e.code === 'bad-text');
  await assert.rejects(tts.synthesize('hi', 'en', { voice: 'en; rm -rf' }), (e: unknown) => e instanceof TtsError && e.code === 'bad-text');
  await assert.rejects(tts.synthesize('hi', 'en'), (e: unknown) => e instanceof TtsError && e.code === 'spawn');
});
