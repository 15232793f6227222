import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROMPTS } from '../../../scripts/make-prompts.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';

const root = fileURLToPath(new URL('../../../assets/prompts/', import.meta.url));

test('every system prompt ships in zh-CN and English as a small, audible 8 kHz mono 16-bit WAV', () => {
  const names = Object.keys(PROMPTS);
  for (const required of ['welcome', 'invalid-key', 'goodbye', 'please-hold', 'enter-password', 'wrong-password', 'number-not-in-service', 'all-agents-busy', 'leave-message', 'thank-you']) {
    assert.ok(names.includes(required), required);
  }
  for (const name of names) {
    for (const lang of ['zh-CN', 'en']) {
      const path = `${root}${lang}/${name}.wav`;
      assert.ok(statSync(path).size < 128 * 1024, `${path} is small`);
      const wav = decodeWav(readFileSync(path));
      assert.deepEqual([wav.sampleRate, wav.channels, wav.info.bitsPerSample, wav.info.format], [8000, 1, 16, 'pcm'], path);
      const secs = wav.samples.length / 8000;
      assert.ok(secs > 0.5 && secs < 8, `${path}: ${secs} s`);
      let sum = 0;
      for (const s of wav.samples) sum += s * s;
      assert.ok(Math.sqrt(sum / wav.samples.length) > 500, `${path} is audible`);
    }
  }
});
