// Produces the system prompts the platform ships, in zh-CN and English, with espeak-ng:
// assets/prompts/<lang>/<name>.wav, 8 kHz mono 16-bit, leading/trailing silence trimmed to 100 ms
// so each file stays small. Re-run after changing a text and commit the WAVs:
//
//   node --import tsx scripts/make-prompts.ts

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EspeakSynthesizer } from '../src/media/tts/espeak-synthesizer.ts';
import type { TtsLanguage } from '../src/media/tts/synthesizer.ts';
import { encodeWavPcm16 } from '../src/media/wav/wav-header.ts';
import { wavTo8kMono } from '../src/media/wav/wav-reader.ts';

/** The prompts by file name; the flows refer to them as `prompts/<lang>/<name>.wav`. */
export const PROMPTS: Record<string, Record<TtsLanguage, string>> = {
  welcome: { 'zh-CN': '您好，欢迎致电。', en: 'Hello, and thank you for calling.' },
  'invalid-key': { 'zh-CN': '您的输入有误，请重新输入。', en: 'Sorry, that key is not valid. Please try again.' },
  goodbye: { 'zh-CN': '感谢您的来电，再见。', en: 'Thank you for calling. Goodbye.' },
  'please-hold': { 'zh-CN': '请稍候，正在为您转接。', en: 'Please hold while we connect your call.' },
  'enter-password': { 'zh-CN': '请输入密码，以井号键结束。', en: 'Please enter your password, followed by the pound key.' },
  'wrong-password': { 'zh-CN': '密码错误，请重新输入。', en: 'The password is incorrect. Please try again.' },
  'number-not-in-service': { 'zh-CN': '您拨打的号码是空号，请查证后再拨。', en: 'The number you have dialed is not in service.' },
  'all-agents-busy': { 'zh-CN': '坐席正忙，请稍候。', en: 'All our agents are busy. Please stay on the line.' },
  'leave-message': { 'zh-CN': '请在提示音后留言。', en: 'Please leave a message after the tone.' },
  'thank-you': { 'zh-CN': '谢谢。', en: 'Thank you.' },
};

const PAD = 800; // 100 ms at 8 kHz

/** Cuts silence (below ~-50 dBFS) at both ends, keeping 100 ms around the speech. */
function trim(pcm: Int16Array): Int16Array {
  const loud = (s: number | undefined): boolean => Math.abs(s ?? 0) > 100;
  let a = 0;
  while (a < pcm.length && !loud(pcm[a])) a++;
  let b = pcm.length;
  while (b > a && !loud(pcm[b - 1])) b--;
  return pcm.slice(Math.max(0, a - PAD), Math.min(pcm.length, b + PAD));
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cache = mkdtempSync(join(tmpdir(), 'hotline-prompts-'));
  try {
    const tts = new EspeakSynthesizer({ cacheDir: cache });
    for (const [name, texts] of Object.entries(PROMPTS)) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const spoken = await tts.synthesize(texts[lang], lang);
        const pcm = trim(wavTo8kMono(readFileSync(spoken)));
        const dir = join(root, 'assets', 'prompts', lang);
        mkdirSync(dir, { recursive: true });
        const out = join(dir, `${name}.wav`);
        writeFileSync(out, encodeWavPcm16(pcm, 8000));
        console.log(`${out.slice(root.length)}  ${(pcm.length / 8000).toFixed(2)} s  ${texts[lang]}`);
      }
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
