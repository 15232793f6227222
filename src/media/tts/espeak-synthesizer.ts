// The default Synthesizer: Debian's espeak-ng (Mandarin voice `cmn`, English `en`), its 22.05 kHz
// output converted to 8 kHz mono 16-bit and cached on disk under a hash of voice, speed and text,
// so each sentence is spoken once per installation; concurrent requests for the same text share
// one child process.
//
//   const tts = new EspeakSynthesizer({ cacheDir: './data/tts' });
//   const wav = await tts.synthesize('您好，欢迎致电', 'zh-CN');   // …/data/tts/<hash>.wav
//
// Text goes to the child's stdin (never its argv, so text starting with '-' is not an option).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWavPcm16 } from '../wav/wav-header.ts';
import { wavTo8kMonoAsync } from '../wav/wav-reader.ts';
import type { Synthesizer, TtsLanguage } from './synthesizer.ts';
import { TtsError } from './tts-error.ts';

export interface EspeakSynthesizerOptions {
  cacheDir: string;
  /** Default 'espeak-ng'. */
  binary?: string;
  /** Voice per language. Default { 'zh-CN': 'cmn', en: 'en' }. */
  voices?: Partial<Record<TtsLanguage, string>>;
  /** Words per minute (espeak-ng -s). Default 150. */
  speed?: number;
  /** Longest text accepted, in characters. Default 2000. */
  maxChars?: number;
}

const DEFAULT_VOICES: Record<TtsLanguage, string> = { 'zh-CN': 'cmn', en: 'en' };

export class EspeakSynthesizer implements Synthesizer {
  private readonly inflight = new Map<string, Promise<string>>();
  /** Child processes started so far (cache misses). */
  spawns = 0;

  constructor(private readonly opts: EspeakSynthesizerOptions) {}

  async synthesize(text: string, lang: TtsLanguage, o: { voice?: string; signal?: AbortSignal } = {}): Promise<string> {
    const clean = text.trim();
    if (clean === '') throw new TtsError('bad-text', 'empty text');
    if (clean.length > (this.opts.maxChars ?? 2000)) throw new TtsError('bad-text', `text longer than ${this.opts.maxChars ?? 2000} characters`);
    const voice = o.voice ?? this.opts.voices?.[lang] ?? DEFAULT_VOICES[lang];
    if (!voice || !/^[A-Za-z0-9_+\-/]+$/.test(voice)) throw new TtsError('bad-text', `bad voice ${JSON.stringify(voice)}`);
    const speed = this.opts.speed ?? 150;
    const hash = createHash('sha256').update(JSON.stringify(['espeak-ng', voice, speed, lang, clean])).digest('hex').slice(0, 32);
    const path = join(this.opts.cacheDir, `${hash}.wav`);
    const running = this.inflight.get(hash);
    if (running) return running;
    // Registered before the first await, so a concurrent request for the same text joins it.
    const job = (async () => ((await exists(path)) ? path : this.render(clean, voice, speed, path, o.signal)))().finally(() =>
      this.inflight.delete(hash),
    );
    this.inflight.set(hash, job);
    return job;
  }

  private async render(text: string, voice: string, speed: number, path: string, signal?: AbortSignal): Promise<string> {
    this.spawns++;
    const wav = await this.run(['-v', voice, '-s', String(speed), '--stdout'], text, signal);
    let pcm: Int16Array;
    try {
      pcm = await wavTo8kMonoAsync(wav);
    } catch (err) {
      throw new TtsError('failed', `espeak-ng produced no readable WAV: ${(err as Error).message}`);
    }
    if (pcm.length === 0) throw new TtsError('empty', 'espeak-ng produced no audio');
    await mkdir(this.opts.cacheDir, { recursive: true });
    // Write then rename: a reader never sees half a file, and a crash leaves no bad cache entry.
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, encodeWavPcm16(pcm, 8000));
    await rename(tmp, path);
    return path;
  }

  private run(args: string[], stdin: string, signal?: AbortSignal): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.opts.binary ?? 'espeak-ng', args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => {
        if (err.length < 2000) err += d.toString();
      });
      child.on('error', (e) => {
        const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'spawn' : 'failed';
        reject(new TtsError(code, `espeak-ng: ${e.message}`));
      });
      child.on('close', (code, sig) => {
        if (code === 0) resolve(Buffer.concat(out));
        else reject(new TtsError('failed', `espeak-ng exited ${sig ?? code}: ${err.trim()}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
