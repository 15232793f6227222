// WAV → MP3 with Debian's `lame`, in a child process so encoding never runs on the call path, and
// through a small queue so a burst of hang-ups does not start hundreds of encoders on two cores.
//
// lame reads only linear PCM WAV: given a µ-law (or A-law) file it takes the bytes for 8-bit PCM
// and encodes noise without complaint. G.711 recordings (HOTLINE_RECORDING_FORMAT=ulaw) are
// therefore decoded here, streaming, by table, and fed to lame's stdin as a 16-bit PCM WAV: 64 KiB
// of the file at a time, with backpressure, so neither memory nor one event-loop turn grows with
// the recording's length. No other tool (sox) is needed.
//
//   const q = new Mp3Queue({ concurrency: 1 });
//   const mp3 = await q.convert('/rec/abc.wav');            // → '/rec/abc.mp3'
//   await convertToMp3(wav, { mp3Path, bitrateKbps: 32, deleteWav: true });

import { spawn } from 'node:child_process';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { g711DecodeTable } from '../codec/g711-tables.ts';
import { MediaError } from '../media-error.ts';
import { parseWavHeader, pcm16WavHeader, type WavInfo } from '../wav/wav-header.ts';

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

/** Bytes of the file read (and decoded) per step when feeding lame a G.711 recording. */
const FEED_BYTES = 64 * 1024;

export async function convertToMp3(wavPath: string, opts: Mp3Options = {}): Promise<string> {
  const mp3Path = opts.mp3Path ?? wavPath.replace(/\.wav$/i, '') + '.mp3';
  const g711 = await openG711(wavPath);
  const input = g711 ? '-' : wavPath;
  const args = ['--quiet', '--nohist', '-b', String(opts.bitrateKbps ?? 32), input, mp3Path];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(opts.lamePath ?? 'lame', args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        if (err.length < 2000) err += d.toString();
      });
      child.on('error', (e) => reject(new MediaError('file', `lame could not start: ${e.message}`)));
      child.stdin.on('error', () => undefined); // lame gone early: its exit code tells
      let fed = Promise.resolve();
      if (g711) fed = feedG711(g711.fh, g711.info, child.stdin);
      else child.stdin.end();
      // A feed that fails after lame could not start (no 'close' to report it) must not go unhandled.
      fed.catch(() => undefined);
      child.on('close', (code, signal) => {
        fed.then(
          () => (code === 0 ? resolve() : reject(new MediaError('file', `lame failed on ${wavPath} (${signal ?? code}): ${err.trim()}`))),
          (e: Error) => reject(new MediaError('file', `cannot feed ${wavPath} to lame: ${e.message}${err ? ` (${err.trim()})` : ''}`)),
        );
      });
    });
  } finally {
    await g711?.fh.close();
  }
  if (opts.deleteWav) await unlink(wavPath);
  return mp3Path;
}

/**
 * The open file and header of a µ-law or A-law WAV; undefined for anything else (lame reads it
 * itself, or fails on it with its own message: a missing file, PCM, not a WAV).
 */
async function openG711(path: string): Promise<{ fh: FileHandle; info: WavInfo } | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(FEED_BYTES, size));
    await fh.read(head, 0, head.length, 0);
    const info = parseWavHeader(head, size);
    if (info.format === 'ulaw' || info.format === 'alaw') return { fh, info };
  } catch {
    // Not a WAV we can read: lame reports it.
  }
  await fh.close();
  return undefined;
}

/** Writes a 16-bit PCM WAV header and the decoded samples to lame's stdin, then ends it. */
async function feedG711(fh: FileHandle, info: WavInfo, stdin: Writable): Promise<void> {
  try {
    await feedSamples(fh, info, stdin);
  } catch (err) {
    // A read error: close the pipe so lame ends too (and the caller sees this error).
    stdin.destroy();
    throw err;
  }
}

async function feedSamples(fh: FileHandle, info: WavInfo, stdin: Writable): Promise<void> {
  // lame exiting early (an error) closes the pipe: the write error ends the feed, the exit code says why.
  let broken: Error | undefined;
  stdin.on('error', (e) => (broken ??= e));
  const table = g711DecodeTable(info.format === 'alaw' ? 'alaw' : 'ulaw');
  const bytes = Buffer.alloc(FEED_BYTES);
  if (!(await send(stdin, pcm16WavHeader(info.sampleRate, info.channels, info.dataLength * 2)))) return;
  for (let done = 0; done < info.dataLength && !broken; ) {
    const { bytesRead } = await fh.read(bytes, 0, Math.min(FEED_BYTES, info.dataLength - done), info.dataOffset + done);
    if (bytesRead === 0) break;
    // A fresh buffer per step: the stream keeps it until written.
    const pcm = new Int16Array(bytesRead);
    for (let i = 0; i < bytesRead; i++) pcm[i] = table[bytes[i] as number] as number;
    done += bytesRead;
    if (!(await send(stdin, Buffer.from(pcm.buffer, 0, pcm.byteLength)))) return;
  }
  stdin.end();
}

/** Writes and waits for the stream to take more; false when the pipe broke. */
function send(stdin: Writable, chunk: Buffer): Promise<boolean> {
  if (stdin.destroyed || stdin.writableEnded) return Promise.resolve(false);
  if (stdin.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      stdin.off('drain', onDrain);
      stdin.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    stdin.on('drain', onDrain);
    stdin.on('close', onClose);
  });
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
