// Produces the system prompts the platform ships, in zh-CN and English, with espeak-ng:
// assets/prompts/<lang>/<name>.wav, 8 kHz mono 16-bit, leading/trailing silence trimmed to 100 ms
// so each file stays small. The texts live in src/media/tts/system-prompts.ts; re-run after
// changing one and commit the WAVs:
//
//   node --import tsx scripts/make-prompts.ts
//
// It also makes the ACD's queue phrases and number pieces (src/acd/queue-call/queue-prompt-texts.ts)
// under assets/prompts/<lang>/queue/.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EspeakSynthesizer } from '../src/media/tts/espeak-synthesizer.ts';
import { SYSTEM_PROMPTS, SYSTEM_PROMPTS_DIR, systemPromptPath } from '../src/media/tts/system-prompts.ts';
import { encodeWavPcm16 } from '../src/media/wav/wav-header.ts';
import { wavTo8kMono } from '../src/media/wav/wav-reader.ts';
import { NUMBER_WORDS, QUEUE_PHRASES } from '../src/acd/queue-call/queue-prompt-texts.ts';
import { numberWordPath, queuePhrasePath } from '../src/acd/queue-call/queue-prompts.ts';

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
  const cache = mkdtempSync(join(tmpdir(), 'hotline-prompts-'));
  try {
    const tts = new EspeakSynthesizer({ cacheDir: cache });
    for (const [name, texts] of Object.entries(SYSTEM_PROMPTS)) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const spoken = await tts.synthesize(texts[lang], lang);
        const pcm = trim(wavTo8kMono(readFileSync(spoken)));
        mkdirSync(join(SYSTEM_PROMPTS_DIR, lang), { recursive: true });
        const out = systemPromptPath(name as keyof typeof SYSTEM_PROMPTS, lang);
        writeFileSync(out, encodeWavPcm16(pcm, 8000));
        console.log(`${out}  ${(pcm.length / 8000).toFixed(2)} s  ${texts[lang]}`);
      }
    }
    // The ACD's phrases and the number pieces positions, waits and 工号 are said from.
    const pieces: [string, string, 'zh-CN' | 'en'][] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [name, texts] of Object.entries(QUEUE_PHRASES)) if (texts[lang]) pieces.push([queuePhrasePath(name as keyof typeof QUEUE_PHRASES, lang), texts[lang], lang]);
      for (const [word, text] of Object.entries(NUMBER_WORDS[lang])) pieces.push([numberWordPath(word, lang), text, lang]);
    }
    for (const [out, text, lang] of pieces) {
      const pcm = trim(wavTo8kMono(readFileSync(await tts.synthesize(text, lang))));
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileSync(out, encodeWavPcm16(pcm, 8000));
      console.log(`${out}  ${(pcm.length / 8000).toFixed(2)} s  ${text}`);
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
