import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { SYSTEM_PROMPTS, systemPromptPath, type SystemPromptName } from '../../../src/media/tts/system-prompts.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';

test('every system prompt ships in zh-CN and English as a small, audible 8 kHz mono 16-bit WAV', () => {
  const names = Object.keys(SYSTEM_PROMPTS) as SystemPromptName[];
  for (const required of ['welcome', 'invalid-key', 'goodbye', 'please-hold', 'enter-password', 'wrong-password', 'number-not-in-service', 'all-agents-busy', 'leave-message', 'thank-you']) {
    assert.ok((names as string[]).includes(required), required);
  }
  for (const name of names) {
    for (const lang of ['zh-CN', 'en'] as const) {
      const path = systemPromptPath(name, lang);
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
