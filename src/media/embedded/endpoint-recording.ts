// The engine side of a recording: taps the received audio of one endpoint (mono: voicemail) or
// of two (stereo: the first endpoint, the caller, left; the other, the answering side, right) and
// feeds the DSP engineer's CallRecorder (src/media/recorder), which aligns both channels by RTP
// timestamp, fills gaps with silence, writes the WAV in chunks and marks the file in progress
// so a crash leaves a repairable file. A timer drains it while nobody speaks (hold, silence).

import type { Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { CallRecorder } from '../recorder/call-recorder.ts';
import type { MediaClock, TimerHandle } from './media-clock.ts';
import type { PcmTap, PcmTapHost } from './pcm-tap.ts';

const DRAIN_MS = 500;

type RecordingState = 'recording' | 'stopped';

export class EndpointRecording implements Recording {
  private state: RecordingState = 'recording';
  private readonly taps: { host: PcmTapHost; tap: PcmTap }[];
  private timer: TimerHandle | undefined;
  private failure: Error | undefined;
  private result: Promise<RecordingResult> | undefined;

  private constructor(
    private readonly recorder: CallRecorder,
    hosts: PcmTapHost[],
    private readonly clock: MediaClock,
  ) {
    this.taps = hosts.map((host, channel) => ({
      host,
      tap: { onPcm: (pcm, meta) => this.guard(() => recorder.push(channel === 0 ? 0 : 1, pcm, meta)) },
    }));
    for (const t of this.taps) t.host.addTap(t.tap);
    this.schedule();
  }

  static async start(path: string, hosts: PcmTapHost[], clock: MediaClock): Promise<EndpointRecording> {
    try {
      const recorder = await CallRecorder.start({ path, channels: hosts.length === 2 ? 2 : 1, clock });
      return new EndpointRecording(recorder, hosts, clock);
    } catch (err) {
      throw new MediaError('file', `cannot record to ${path}: ${(err as Error).message}`);
    }
  }

  get path(): string {
    return this.recorder.path;
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(DRAIN_MS, () => {
      this.guard(() => this.recorder.drain());
      if (this.state === 'recording') this.schedule();
    });
  }

  /** A write failure (disk full) ends the recording, never the call. */
  private guard(fn: () => void): void {
    if (this.state !== 'recording') return;
    try {
      fn();
    } catch (err) {
      this.failure = err as Error;
      this.detach();
    }
  }

  private detach(): void {
    this.state = 'stopped';
    this.timer?.cancel();
    for (const t of this.taps) t.host.removeTap(t.tap);
  }

  /** Finalises the file. Safe to call more than once (the same result). */
  stop(): Promise<RecordingResult> {
    this.result ??= this.finish();
    return this.result;
  }

  private async finish(): Promise<RecordingResult> {
    this.detach();
    try {
      const result = await this.recorder.stop();
      if (this.failure) throw this.failure;
      return result;
    } catch (err) {
      throw new MediaError('file', `recording ${this.recorder.path} failed: ${(err as Error).message}`);
    }
  }
}
