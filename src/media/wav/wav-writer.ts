// Streaming WAV writer for recordings, 16-bit PCM or G.711 µ-law (RecordingFormat, wav-header.ts). Samples are copied into a chunk buffer (default
// one second of audio) and each full chunk is written with one positioned write, off the event
// loop (libuv's pool), one write in flight per file so the order is kept. Chunk buffers come from
// a process-wide pool and go back to it when their write completes (chunk-pool.ts): nothing is
// allocated or zero-filled per chunk.
//
// The header's RIFF and data sizes (and the µ-law fact chunk's sample count) are rewritten (one
// 44- or 58-byte write) on every flush() and close(),
// and while streaming every `headerEveryBytes` (default ten chunks) — not after every chunk: the
// recorder marks a file in progress and `repairWav` sets the sizes from the file's real length
// after a crash, so an up-to-date header per chunk would only cost a second write per chunk.
//
//   const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2 });   // format 'pcm16'
//   w.write(interleaved);            // Int16Array; sync, cheap: copies into the chunk
//   const u = await WavWriter.open(path, { channels: 2, format: 'ulaw' });
//   u.write(ulawBytes);              // Uint8Array of µ-law bytes
//   await w.flush();                 // on disk (not fsynced), header exact
//   const { dataBytes, durationMs } = await w.close();
//
// Samples are written in host byte order, which is little-endian on every platform Node 20 ships for.

import { write as fsWrite } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { wavChunkPool } from './chunk-pool.ts';
import { readWavHeaderOf } from './read-wav-header.ts';
import { recordingHeaderBytes, recordingSampleBytes, recordingWavHeader, type RecordingFormat } from './wav-header.ts';
import { WavError } from './wav-error.ts';

export interface WavWriterOptions {
  sampleRate?: number;
  channels?: number;
  /** Sample encoding. Default 'pcm16'. */
  format?: RecordingFormat;
  /** Buffered bytes that trigger a write. Default: one second of audio. */
  flushBytes?: number;
  /** Data bytes written between header updates while streaming. Default: ten chunks. */
  headerEveryBytes?: number;
  /**
   * Appends to an existing recording of the same format, rate and channel count (a call whose
   * recorder died with its media worker records on into the same file) instead of creating one.
   * Its header must be exact (repairWav first).
   */
  resume?: boolean;
}

type WriterState = 'open' | 'closing' | 'closed';

/** A queued write: a chunk of samples at its file position, or the header declaring `total` data bytes. */
type Job = { kind: 'data'; buf: Buffer; off: number; len: number; pos: number } | { kind: 'header'; total: number };

export class WavWriter {
  private state: WriterState = 'open';
  /** The chunk being filled; taken from the pool at the first write after a flush. */
  private buf: Buffer | undefined;
  private used = 0;
  /** Data bytes handed to the write queue. */
  private written = 0;
  /** Data bytes the last queued header declares. */
  private declared = 0;
  private readonly queue: Job[] = [];
  private busy = false;
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;
  private readonly headerEvery: number;
  private readonly headerBytes: number;
  /** Bytes per sample frame (all channels). */
  private readonly blockAlign: number;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly sampleRate: number,
    readonly channels: number,
    readonly format: RecordingFormat,
    private readonly chunkBytes: number,
    headerEveryBytes: number | undefined,
  ) {
    this.headerEvery = headerEveryBytes ?? chunkBytes * 10;
    this.headerBytes = recordingHeaderBytes(format);
    this.blockAlign = recordingSampleBytes(format) * channels;
  }

  /** Creates (truncates) the file and writes a header for zero samples; with `resume`, appends. */
  static async open(path: string, opts: WavWriterOptions = {}): Promise<WavWriter> {
    const rate = opts.sampleRate ?? 8000;
    const channels = opts.channels ?? 1;
    const format = opts.format ?? 'pcm16';
    const flushBytes = opts.flushBytes ?? rate * channels * recordingSampleBytes(format);
    if (opts.resume) return WavWriter.reopen(path, rate, channels, format, flushBytes, opts.headerEveryBytes);
    let fh: FileHandle;
    try {
      fh = await open(path, 'w');
      const header = recordingWavHeader(format, rate, channels, 0);
      await fh.write(header, 0, header.length, 0);
    } catch (err) {
      throw new WavError('io', `cannot create ${path}: ${(err as Error).message}`);
    }
    return new WavWriter(fh, path, rate, channels, format, flushBytes, opts.headerEveryBytes);
  }

  private static async reopen(path: string, rate: number, channels: number, format: RecordingFormat, flushBytes: number, headerEveryBytes: number | undefined): Promise<WavWriter> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r+');
    } catch (err) {
      throw new WavError('io', `cannot reopen ${path}: ${(err as Error).message}`);
    }
    try {
      const { info, size } = await readWavHeaderOf(fh);
      const sameKind = info.format === (format === 'ulaw' ? 'ulaw' : 'pcm') && info.sampleRate === rate && info.channels === channels && info.dataOffset === recordingHeaderBytes(format);
      if (!sameKind) throw new WavError('unsupported-format', `${path} is not a ${format} recording of ${channels} channel(s) at ${rate} Hz`);
      if (info.declaredDataLength !== info.dataLength || size !== info.dataOffset + info.dataLength) throw new WavError('truncated', `${path}: the header does not match the file (repair it first)`);
      const writer = new WavWriter(fh, path, rate, channels, format, flushBytes, headerEveryBytes);
      writer.written = info.dataLength;
      writer.declared = info.dataLength;
      return writer;
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err instanceof WavError ? err : new WavError('io', `cannot reopen ${path}: ${(err as Error).message}`);
    }
  }

  /** Sample frames accepted so far (per channel). */
  get frames(): number {
    return (this.written + this.used) / this.blockAlign;
  }

  /**
   * Appends interleaved samples (copied: `samples` may be reused at once): an Int16Array for
   * 'pcm16', a Uint8Array of µ-law bytes for 'ulaw'. Throws WavError('io') after a failed write
   * or once closed, WavError('unsupported-format') for samples of the other format.
   */
  write(samples: Int16Array | Uint8Array): void {
    if (this.state !== 'open') throw new WavError('io', `${this.path} is closed`);
    if (this.failure) throw new WavError('io', this.failure.message);
    if (samples.BYTES_PER_ELEMENT !== recordingSampleBytes(this.format)) {
      throw new WavError('unsupported-format', `${this.path} is ${this.format}: got ${samples.BYTES_PER_ELEMENT * 8}-bit samples`);
    }
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    let from = 0;
    while (from < bytes.length) {
      const buf = (this.buf ??= wavChunkPool.take(this.chunkBytes));
      const n = Math.min(buf.length - this.used, bytes.length - from);
      bytes.copy(buf, this.used, from, from + n);
      this.used += n;
      from += n;
      if (this.used === buf.length) this.flushBuffer();
    }
  }

  /** Writes what is buffered and updates the header; resolves when it is on disk (not fsynced). */
  flush(): Promise<void> {
    if (this.used > 0) this.flushBuffer();
    if (this.declared !== this.written && !this.failure) this.queueHeader();
    return this.idle().then(() => {
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
      if (this.buf) wavChunkPool.give(this.buf);
      this.buf = undefined;
      await this.idle();
      await this.fh.close().catch(() => undefined);
      this.state = 'closed';
    }
    const frames = this.written / this.blockAlign;
    return { dataBytes: this.written, durationMs: Math.round((frames * 1000) / this.sampleRate) };
  }

  private flushBuffer(): void {
    const buf = this.buf;
    if (!buf || this.used === 0) return;
    this.buf = undefined;
    const job: Job = { kind: 'data', buf, off: 0, len: this.used, pos: this.headerBytes + this.written };
    this.written += this.used;
    this.used = 0;
    if (this.failure) {
      wavChunkPool.give(buf);
      return;
    }
    this.queue.push(job);
    if (this.written - this.declared >= this.headerEvery) this.queueHeader();
    this.pump();
  }

  private queueHeader(): void {
    this.declared = this.written;
    this.queue.push({ kind: 'header', total: this.written });
    this.pump();
  }

  /** Starts the next queued write unless one is in flight; wakes flush() waiters when all are done. */
  private pump(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
      return;
    }
    this.busy = true;
    if (job.kind === 'data') {
      fsWrite(this.fh.fd, job.buf, job.off, job.len, job.pos, (err, n) => this.wrote(job, err, n));
    } else {
      const header = recordingWavHeader(this.format, this.sampleRate, this.channels, job.total);
      fsWrite(this.fh.fd, header, 0, header.length, 0, (err) => this.wrote(job, err, header.length));
    }
  }

  private wrote(job: Job, err: Error | null, n: number): void {
    this.busy = false;
    if (err) {
      this.fail(err, job);
    } else if (job.kind === 'data' && n < job.len) {
      // A short write (rare on regular files): the rest goes first.
      this.queue.unshift({ ...job, off: job.off + n, len: job.len - n, pos: job.pos + n });
    } else if (job.kind === 'data') {
      wavChunkPool.give(job.buf);
    }
    this.pump();
  }

  /** A failed write (disk full) fails the file: later writes throw, flush/close reject. */
  private fail(err: Error, job: Job): void {
    this.failure ??= err;
    if (job.kind === 'data') wavChunkPool.give(job.buf);
    for (const j of this.queue.splice(0)) if (j.kind === 'data') wavChunkPool.give(j.buf);
  }

  private idle(): Promise<void> {
    if (!this.busy && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
