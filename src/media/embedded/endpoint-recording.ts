// A recording of one endpoint's received audio (mono: voicemail), or of two endpoints as one
// stereo WAV: the first endpoint (the caller) on the left, the other (the answering side) on the
// right. Both channels are pulled on the same 20 ms engine tick, so they stay time-aligned and the
// file's length is the recording's wall time; a channel with no audio at a tick gets silence.

import type { Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { WavWriter } from '../wav/wav-writer.ts';
import type { FrameClock, FrameClockListener } from './frame-clock.ts';
import { PcmFifo } from './pcm-fifo.ts';
import type { PcmTapHost } from './pcm-tap.ts';

const FRAME = 160;
/** More than this many samples waiting means the consumer lags: drop down to one frame. */
const MAX_BACKLOG = 4 * FRAME;

type RecordingState = 'recording' | 'stopping' | 'stopped';

export class EndpointRecording implements Recording, FrameClockListener {
  private state: RecordingState = 'recording';
  private readonly channels: { host: PcmTapHost; fifo: PcmFifo }[];
  private readonly frames: Int16Array[];
  private readonly interleaved: Int16Array;
  private failure: Error | undefined;
  private result: Promise<RecordingResult> | undefined;

  private constructor(
    private readonly writer: WavWriter,
    hosts: PcmTapHost[],
    private readonly frameClock: FrameClock,
  ) {
    this.channels = hosts.map((host) => ({ host, fifo: new PcmFifo() }));
    this.frames = hosts.map(() => new Int16Array(FRAME));
    this.interleaved = new Int16Array(FRAME * hosts.length);
    for (const c of this.channels) c.host.addTap(c.fifo);
    frameClock.add(this);
  }

  static async start(path: string, hosts: PcmTapHost[], frameClock: FrameClock): Promise<EndpointRecording> {
    try {
      const writer = await WavWriter.open(path, { sampleRate: 8000, channels: hosts.length });
      return new EndpointRecording(writer, hosts, frameClock);
    } catch (err) {
      throw new MediaError('file', `cannot record to ${path}: ${(err as Error).message}`);
    }
  }

  get path(): string {
    return this.writer.path;
  }

  onFrame(): void {
    if (this.state !== 'recording') return;
    const n = this.channels.length;
    for (let c = 0; c < n; c++) {
      const ch = this.channels[c];
      const frame = this.frames[c];
      if (!ch || !frame) continue;
      if (ch.fifo.size > MAX_BACKLOG) ch.fifo.dropOldest(ch.fifo.size - FRAME);
      ch.fifo.pull(frame);
      for (let i = 0; i < FRAME; i++) this.interleaved[i * n + c] = frame[i] ?? 0;
    }
    try {
      this.writer.write(this.interleaved);
    } catch (err) {
      this.failure = err as Error;
      this.detach();
    }
  }

  private detach(): void {
    this.frameClock.remove(this);
    for (const c of this.channels) c.host.removeTap(c.fifo);
  }

  /** Finalises the file. Safe to call more than once (the same result). */
  stop(): Promise<RecordingResult> {
    if (!this.result) this.result = this.finish();
    return this.result;
  }

  private async finish(): Promise<RecordingResult> {
    this.state = 'stopping';
    this.detach();
    try {
      const { durationMs } = await this.writer.close();
      if (this.failure) throw this.failure;
      return { path: this.writer.path, durationMs, channels: this.channels.length === 2 ? 2 : 1 };
    } catch (err) {
      throw new MediaError('file', `recording ${this.writer.path} failed: ${(err as Error).message}`);
    } finally {
      this.state = 'stopped';
    }
  }
}
