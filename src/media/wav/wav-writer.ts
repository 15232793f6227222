// Streaming 16-bit PCM WAV writer for recordings. Samples are buffered in memory and written in
// chunks (default one second of audio), off the event loop's hot path; after every chunk the RIFF
// and data sizes in the header are rewritten to match what is on disk, so a file whose process
// died is readable up to its last flush and `repairWav` makes it exact.
//
//   const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2 });
//   w.write(interleaved);            // sync, cheap: copies into the buffer
//   const { dataBytes, durationMs } = await w.close();
//
// Samples are written in host byte order, which is little-endian on every platform Node 20 ships for.

import { open, type FileHandle } from 'node:fs/promises';
import { pcm16WavHeader } from './wav-header.ts';
import { WavError } from './wav-error.ts';

export interface WavWriterOptions {
  sampleRate?: number;
  channels?: number;
  /** Buffered bytes that trigger a write. Default: one second of audio. */
  flushBytes?: number;
}

type WriterState = 'open' | 'closing' | 'closed';

export class WavWriter {
  private state: WriterState = 'open';
  private buf: Buffer;
  private used = 0;
  private written = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly sampleRate: number,
    readonly channels: number,
    flushBytes: number,
  ) {
    this.buf = Buffer.alloc(flushBytes);
  }

  /** Creates (truncates) the file and writes a header for zero samples. */
  static async open(path: string, opts: WavWriterOptions = {}): Promise<WavWriter> {
    const rate = opts.sampleRate ?? 8000;
    const channels = opts.channels ?? 1;
    let fh: FileHandle;
    try {
      fh = await open(path, 'w');
      await fh.write(pcm16WavHeader(rate, channels, 0), 0, 44, 0);
    } catch (err) {
      throw new WavError('io', `cannot create ${path}: ${(err as Error).message}`);
    }
    return new WavWriter(fh, path, rate, channels, opts.flushBytes ?? rate * channels * 2);
  }

  /** Sample frames accepted so far (per channel). */
  get frames(): number {
    return (this.written + this.used) / (2 * this.channels);
  }

  /** Appends interleaved samples. Throws WavError('io') after a failed write or once closed. */
  write(samples: Int16Array): void {
    if (this.state !== 'open') throw new WavError('io', `${this.path} is closed`);
    if (this.failure) throw new WavError('io', this.failure.message);
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    let from = 0;
    while (from < bytes.length) {
      const n = Math.min(this.buf.length - this.used, bytes.length - from);
      bytes.copy(this.buf, this.used, from, from + n);
      this.used += n;
      from += n;
      if (this.used === this.buf.length) this.flushBuffer();
    }
  }

  /** Writes what is buffered and updates the header; resolves when it is on disk (not fsynced). */
  flush(): Promise<void> {
    if (this.used > 0) this.flushBuffer();
    return this.chain.then(() => {
      if (this.failure) throw new WavError('io', this.failure.message);
    });
  }

  /** Flushes, finalises the header and closes the file. */
  async close(): Promise<{ dataBytes: number; durationMs: number }> {
    if (this.state !== 'open') throw new WavError('io', `${this.path} is already closed`);
    this.state = 'closing';
    try {
      await this.flush();
    } finally {
      await this.fh.close().catch(() => undefined);
      this.state = 'closed';
    }
    const frames = this.written / (2 * this.channels);
    return { dataBytes: this.written, durationMs: Math.round((frames * 1000) / this.sampleRate) };
  }

  private flushBuffer(): void {
    const chunk = this.buf.subarray(0, this.used);
    const at = 44 + this.written;
    this.written += this.used;
    const total = this.written;
    // A fresh buffer: the old one belongs to the pending write until it completes.
    this.buf = Buffer.alloc(this.buf.length);
    this.used = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.fh.write(chunk, 0, chunk.length, at);
        const sizes = Buffer.alloc(4);
        sizes.writeUInt32LE(36 + total, 0);
        await this.fh.write(sizes, 0, 4, 4);
        sizes.writeUInt32LE(total, 0);
        await this.fh.write(sizes, 0, 4, 40);
      } catch (err) {
        this.failure = err as Error;
      }
    });
  }
}
