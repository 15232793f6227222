// Records a call to a WAV file as it goes: stereo (caller left, answering side right) for bridged
// calls, mono for voicemail, in G.711 µ-law ('ulaw', 8 KB/s per channel) or 16-bit PCM ('pcm16',
// 16 KB/s per channel; HOTLINE_RECORDING_FORMAT). The embedded engine hands over the G.711 bytes
// of every frame it receives with its arrival time and RTP timestamp (`pushG711`: for µ-law they
// go into the timeline as they are — PCMA by table — for PCM decoded straight into it), or a PCM
// frame (`push`, encoded for µ-law); audio is aligned by ChannelAligner and handed, without copies
// of its own, to WavWriter, which writes one-second chunks. Memory per stereo call: the timeline
// and the writer's chunk buffer (16 KB each for µ-law, 32 KB for PCM), and a share of the chunks
// being written.
//
//   const rec = await CallRecorder.start({ path, channels: 2, format: 'ulaw', clock });
//   rec.push(0, callerPcm, { arrivalMs: clock.now(), timestamp, ssrc });   // per received frame
//   rec.push(1, calleePcm, { arrivalMs: clock.now(), timestamp, ssrc });
//   const result = await rec.stop();            // { path, durationMs, channels }
//   mp3Queue.convert(result.path);              // off the call path (recorder/mp3.ts)
//
// While recording, `<path>.recording` marks the file as in progress; `repairRecordings(dir)` fixes
// the header of every marked file at the next start if the process died.

import type { Clock } from '../../kernel/clock.ts';
import { unlink, writeFile } from 'node:fs/promises';
import type { G711Law } from '../codec/g711-tables.ts';
import type { RecordingResult } from '../media-engine-options.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';
import { WavWriter } from '../wav/wav-writer.ts';
import { ChannelAligner, type FrameMeta } from './channel-aligner.ts';

export const IN_PROGRESS_SUFFIX = '.recording';

export interface CallRecorderOptions {
  path: string;
  channels: 1 | 2;
  /** Sample encoding of the file. */
  format: RecordingFormat;
  clock: Pick<Clock, 'now'>;
  /** How often (of the clock's ms) pushes also move audio to the writer. Default 200. */
  drainEveryMs?: number;
  holdBackMs?: number;
  /**
   * Records on into an existing recording of this format (its header exact: repairWav), after
   * `silenceMs` of silence for the audio that never reached it (a media worker's crash), so the
   * file's timeline stays the call's.
   */
  resume?: { silenceMs: number };
}

type RecorderState = 'recording' | 'stopping' | 'stopped';

export class CallRecorder {
  private state: RecorderState = 'recording';
  private lastDrain: number;
  private stopped: Promise<RecordingResult> | undefined;

  private constructor(
    private readonly opts: CallRecorderOptions,
    private readonly writer: WavWriter,
    private readonly aligner: ChannelAligner<RecordingFormat>,
    private readonly startMs: number,
  ) {
    this.lastDrain = startMs;
  }

  /** Creates the file (and its in-progress marker). Rejects with WavError('io') or an fs error. */
  static async start(opts: CallRecorderOptions): Promise<CallRecorder> {
    await writeFile(opts.path + IN_PROGRESS_SUFFIX, '');
    let writer: WavWriter;
    try {
      writer = await WavWriter.open(opts.path, { sampleRate: 8000, channels: opts.channels, format: opts.format, resume: opts.resume !== undefined });
      if (opts.resume) writeSilence(writer, opts.resume.silenceMs);
    } catch (err) {
      await unlink(opts.path + IN_PROGRESS_SUFFIX).catch(() => undefined);
      throw err;
    }
    const startMs = opts.clock.now();
    // The aligner hands out views of its timeline; WavWriter.write copies them into its chunk.
    const aligner = new ChannelAligner<RecordingFormat>({ channels: opts.channels, format: opts.format, startMs, holdBackMs: opts.holdBackMs, sink: (v) => writer.write(v) });
    return new CallRecorder(opts, writer, aligner, startMs);
  }

  get path(): string {
    return this.opts.path;
  }

  get format(): RecordingFormat {
    return this.opts.format;
  }

  /** One received frame of side 0 (caller / the only side) or 1 (answering side). */
  push(channel: 0 | 1, frame: Int16Array, meta: FrameMeta): void {
    if (this.state !== 'recording') return;
    this.aligner.push(channel, frame, meta);
    this.drainIfDue(this.opts.clock.now());
  }

  /** One received G.711 frame `src[start, end)` of `law`, without an intermediate PCM frame. */
  pushG711(channel: 0 | 1, src: Uint8Array, start: number, end: number, law: G711Law, arrivalMs: number, timestamp: number, ssrc: number): void {
    if (this.state !== 'recording') return;
    this.aligner.pushG711(channel, src, start, end, law, arrivalMs, timestamp, ssrc);
    // arrivalMs is the clock's now at receipt: no second clock read per packet.
    this.drainIfDue(arrivalMs);
  }

  /** Drains when the last drain is `drainEveryMs` old (a timer calls it too, for silent calls). */
  drainIfDue(now: number): void {
    if (now - this.lastDrain >= (this.opts.drainEveryMs ?? 200)) this.drain(now);
  }

  /** Moves complete audio to the file; the engine may also call it from a timer. */
  drain(now = this.opts.clock.now()): void {
    if (this.state !== 'recording') return;
    this.lastDrain = now;
    this.aligner.drain(now);
  }

  /** Ends the recording at the clock's now; the file is complete when this resolves. */
  stop(): Promise<RecordingResult> {
    this.stopped ??= this.finish();
    return this.stopped;
  }

  private async finish(): Promise<RecordingResult> {
    const end = this.opts.clock.now();
    this.state = 'stopping';
    this.aligner.finish(end);
    const { durationMs } = await this.writer.close();
    await unlink(this.opts.path + IN_PROGRESS_SUFFIX).catch(() => undefined);
    this.state = 'stopped';
    return { path: this.opts.path, durationMs, channels: this.opts.channels };
  }
}

/** `ms` of silence (µ-law 0xFF, PCM 0) for every channel, at 8 kHz. */
function writeSilence(writer: WavWriter, ms: number): void {
  const frames = Math.max(0, Math.round(ms * 8));
  const samples = frames * writer.channels;
  // In one-second pieces: the writer copies each into its chunk.
  const piece = 8000 * writer.channels;
  const silence = writer.format === 'ulaw' ? new Uint8Array(Math.min(samples, piece)).fill(0xff) : new Int16Array(Math.min(samples, piece));
  for (let left = samples; left > 0; left -= piece) writer.write(left >= silence.length ? silence : silence.subarray(0, left));
}
