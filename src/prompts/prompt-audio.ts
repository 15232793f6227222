/**
 * Any WAV or MP3 a tenant uploads, as the platform plays prompts: 8 kHz mono G.711 µ-law WAV.
 * WAV is decoded by our own reader (PCM 8–32 bit, float, A-law, µ-law; any rate, resampled, and
 * channels mixed down); MP3 is decoded by lame (the encoder recordings already need) to a
 * temporary WAV first. Bad input is a PromptError (422), never a crash.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeG711 } from '../media/codec/g711-tables.ts';
import { encodeWavUlaw } from '../media/wav/wav-header.ts';
import { wavTo8kMonoAsync } from '../media/wav/wav-reader.ts';
import { PromptError } from './prompt-error.ts';

const run = promisify(execFile);
const RATE = 8000;
/** A prompt longer than this is refused (a welcome, a menu; music on hold is not a prompt). */
export const MAX_PROMPT_SECONDS = 600;

export type UploadKind = 'wav' | 'mp3';

/** What the bytes are, by their magic: RIFF/WAVE, or an MP3 (ID3 tag or frame sync). */
export function uploadKind(bytes: Buffer): UploadKind | undefined {
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (bytes.length >= 3 && bytes.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return undefined;
}

export interface PromptAudio {
  /** The µ-law WAV file's bytes. */
  wav: Buffer;
  durationMs: number;
}

export async function toPromptAudio(bytes: Buffer): Promise<PromptAudio> {
  const kind = uploadKind(bytes);
  if (!kind) throw new PromptError('the file is neither a WAV nor an MP3');
  const pcmWav = kind === 'wav' ? bytes : await decodeMp3(bytes);
  let samples: Int16Array;
  try {
    samples = await wavTo8kMonoAsync(pcmWav);
  } catch (err) {
    throw new PromptError(`cannot read the WAV: ${(err as Error).message}`);
  }
  if (samples.length === 0) throw new PromptError('the audio is empty');
  if (samples.length > MAX_PROMPT_SECONDS * RATE) throw new PromptError(`the audio is longer than ${MAX_PROMPT_SECONDS} s`);
  const ulaw = new Uint8Array(samples.length);
  encodeG711('ulaw', samples, ulaw);
  return { wav: encodeWavUlaw(ulaw, RATE), durationMs: Math.round((samples.length / RATE) * 1000) };
}

async function decodeMp3(bytes: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-prompt-'));
  try {
    await writeFile(join(dir, 'in.mp3'), bytes);
    try {
      await run('lame', ['--quiet', '--decode', join(dir, 'in.mp3'), join(dir, 'out.wav')], { timeout: 60_000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') throw new Error('lame is not installed: MP3 prompts need it (apt-get install lame)');
      throw new PromptError(`cannot decode the MP3${e.stderr ? `: ${e.stderr.trim().slice(0, 200)}` : ''}`);
    }
    return await readFile(join(dir, 'out.wav'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
