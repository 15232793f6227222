// WAV → MP3 with Debian's `lame`, in a child process so encoding never runs on the call path, and
// through a small queue so a burst of hang-ups does not start hundreds of encoders on two cores.
//
//   const q = new Mp3Queue({ concurrency: 1 });
//   const mp3 = await q.convert('/rec/abc.wav');            // → '/rec/abc.mp3'
//   await convertToMp3(wav, { mp3Path, bitrateKbps: 32, deleteWav: true });

import { spawn } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import { MediaError } from '../media-error.ts';

export interface Mp3Options {
  /** Default: the WAV path with .mp3. */
  mp3Path?: string;
  /** Constant bit rate; 32 kbit/s is plenty for 8 kHz telephone audio. Default 32. */
  bitrateKbps?: number;
  /** Remove the WAV once the MP3 is complete. Default false. */
  deleteWav?: boolean;
  /** The encoder binary. Default 'lame'. */
  lamePath?: string;
}

export async function convertToMp3(wavPath: string, opts: Mp3Options = {}): Promise<string> {
  const mp3Path = opts.mp3Path ?? wavPath.replace(/\.wav$/i, '') + '.mp3';
  const args = ['--quiet', '--nohist', '-b', String(opts.bitrateKbps ?? 32), wavPath, mp3Path];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(opts.lamePath ?? 'lame', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 2000) err += d.toString();
    });
    child.on('error', (e) => reject(new MediaError('file', `lame could not start: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new MediaError('file', `lame failed on ${wavPath} (${signal ?? code}): ${err.trim()}`));
    });
  });
  if (opts.deleteWav) await unlink(wavPath);
  return mp3Path;
}

/** Runs conversions at most `concurrency` at a time, in order of arrival. */
export class Mp3Queue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;

  constructor(private readonly defaults: Mp3Options & { concurrency?: number } = {}) {
    this.concurrency = Math.max(1, defaults.concurrency ?? 1);
  }

  get queued(): number {
    return this.waiting.length;
  }

  async convert(wavPath: string, opts: Mp3Options = {}): Promise<string> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await convertToMp3(wavPath, { ...this.defaults, ...opts });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
