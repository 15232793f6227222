// Records a call to a WAV file as it goes: stereo (caller left, answering side right) for bridged
// calls, mono for voicemail. The embedded engine hands over every decoded frame it receives with
// its arrival time and RTP timestamp; audio is aligned by ChannelAligner and written by WavWriter
// in one-second chunks, so memory per call stays small (≈ 2 × 16 KB timeline + 32 KB buffer).
//
//   const rec = await CallRecorder.start({ path, channels: 2, clock });
//   rec.push(0, callerPcm, { arrivalMs: clock.now(), timestamp, ssrc });   // per received frame
//   rec.push(1, calleePcm, { arrivalMs: clock.now(), timestamp, ssrc });
//   const result = await rec.stop();            // { path, durationMs, channels }
//   mp3Queue.convert(result.path);              // off the call path (recorder/mp3.ts)
//
// While recording, `<path>.recording` marks the file as in progress; `repairRecordings(dir)` fixes
// the header of every marked file at the next start if the process died.

import { unlink, writeFile } from 'node:fs/promises';
import type { RecordingResult } from '../media-engine-options.ts';
import { WavWriter } from '../wav/wav-writer.ts';
import { ChannelAligner, type FrameMeta } from './channel-aligner.ts';

export const IN_PROGRESS_SUFFIX = '.recording';

export interface CallRecorderOptions {
  path: string;
  channels: 1 | 2;
  clock: { now(): number };
  /** How often (of the clock's ms) pushes also move audio to the writer. Default 200. */
  drainEveryMs?: number;
  holdBackMs?: number;
}

type RecorderState = 'recording' | 'stopping' | 'stopped';

export class CallRecorder {
  private state: RecorderState = 'recording';
  private lastDrain: number;
  private stopped: Promise<RecordingResult> | undefined;

  private constructor(
    private readonly opts: CallRecorderOptions,
    private readonly writer: WavWriter,
    private readonly aligner: ChannelAligner,
    private readonly startMs: number,
  ) {
    this.lastDrain = startMs;
  }

  /** Creates the file (and its in-progress marker). Rejects with WavError('io') or an fs error. */
  static async start(opts: CallRecorderOptions): Promise<CallRecorder> {
    await writeFile(opts.path + IN_PROGRESS_SUFFIX, '');
    let writer: WavWriter;
    try {
      writer = await WavWriter.open(opts.path, { sampleRate: 8000, channels: opts.channels });
    } catch (err) {
      await unlink(opts.path + IN_PROGRESS_SUFFIX).catch(() => undefined);
      throw err;
    }
    const startMs = opts.clock.now();
    const aligner = new ChannelAligner({ channels: opts.channels, startMs, holdBackMs: opts.holdBackMs });
    return new CallRecorder(opts, writer, aligner, startMs);
  }

  get path(): string {
    return this.opts.path;
  }

  /** One received frame of side 0 (caller / the only side) or 1 (answering side). */
  push(channel: 0 | 1, frame: Int16Array, meta: FrameMeta): void {
    if (this.state !== 'recording') return;
    this.aligner.push(channel, frame, meta);
    const now = this.opts.clock.now();
    if (now - this.lastDrain >= (this.opts.drainEveryMs ?? 200)) this.drain(now);
  }

  /** Moves complete audio to the file; the engine may also call it from a timer. */
  drain(now = this.opts.clock.now()): void {
    if (this.state !== 'recording') return;
    this.lastDrain = now;
    const audio = this.aligner.drain(now);
    if (audio.length > 0) this.writer.write(audio);
  }

  /** Ends the recording at the clock's now; the file is complete when this resolves. */
  stop(): Promise<RecordingResult> {
    this.stopped ??= this.finish();
    return this.stopped;
  }

  private async finish(): Promise<RecordingResult> {
    const end = this.opts.clock.now();
    this.state = 'stopping';
    const rest = this.aligner.finish(end);
    if (rest.length > 0) this.writer.write(rest);
    const { durationMs } = await this.writer.close();
    await unlink(this.opts.path + IN_PROGRESS_SUFFIX).catch(() => undefined);
    this.state = 'stopped';
    return { path: this.opts.path, durationMs, channels: this.opts.channels };
  }
}
