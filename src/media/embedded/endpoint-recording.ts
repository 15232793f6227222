// The engine side of a recording: taps the received audio of one endpoint (mono: voicemail) or
// of two (stereo: the first endpoint, the caller, left; the other, the answering side, right) and
// feeds the DSP engineer's CallRecorder (src/media/recorder), which aligns both channels by RTP
// timestamp, fills gaps with silence, writes the WAV in chunks and marks the file in progress
// so a crash leaves a repairable file.
//
// Per packet the tap hands the G.711 bytes to the recorder, which puts them straight into its
// timeline (as they are for µ-law recordings, decoded for 16-bit PCM ones): no allocation, no closure, no file call on the packet path (a drain every 200 ms
// copies into the writer's chunk; a full chunk's write is queued to libuv's pool). One timer per
// engine clock (RecordingDrainer) drains the recordings nobody pushes to (hold, silence).

import type { MediaEndpoint } from '../media-engine.ts';
import type { Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { CallRecorder } from '../recorder/call-recorder.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { PcmMeta, PcmTap, PcmTapHost } from './pcm-tap.ts';
import { RecordingDrainer } from '../recorder/recording-drainer.ts';

type RecordingState = 'recording' | 'stopped';

export class EndpointRecording implements Recording {
  private state: RecordingState = 'recording';
  /** PCI pause: received audio is dropped, so the timeline fills the span with silence. */
  private paused = false;
  private readonly taps: { host: PcmTapHost; tap: PcmTap }[];
  /** Set by the endpoint that started it: checks `other` and moves the right channel's tap (switchOther). */
  switcher: ((other: MediaEndpoint) => PcmTapHost) | undefined;
  private readonly drainer: RecordingDrainer;
  private failure: Error | undefined;
  private result: Promise<RecordingResult> | undefined;

  private constructor(
    private readonly recorder: CallRecorder,
    hosts: PcmTapHost[],
    clock: Clock,
  ) {
    this.taps = hosts.map((host, i) => ({ host, tap: this.tapFor(i === 0 ? 0 : 1) }));
    for (const t of this.taps) t.host.addTap(t.tap);
    this.drainer = RecordingDrainer.of(clock);
    this.drainer.add(this);
  }

  /** `format`: the engine's recordingFormat (HOTLINE_RECORDING_FORMAT); µ-law by default. */
  static async start(path: string, hosts: PcmTapHost[], clock: Clock, format: RecordingFormat = 'ulaw', resume?: { silenceMs: number }): Promise<EndpointRecording> {
    try {
      const recorder = await CallRecorder.start({ path, channels: hosts.length === 2 ? 2 : 1, format, clock, ...(resume ? { resume } : {}) });
      return new EndpointRecording(recorder, hosts, clock);
    } catch (err) {
      throw new MediaError('file', `cannot record to ${path}: ${(err as Error).message}`);
    }
  }

  get path(): string {
    return this.recorder.path;
  }

  private tapFor(channel: 0 | 1): PcmTap {
    const recorder = this.recorder;
    return {
      onG711: (bytes, start, end, law, arrivalMs, timestamp, ssrc) => {
        if (this.state !== 'recording' || this.paused) return;
        try {
          recorder.pushG711(channel, bytes, start, end, law, arrivalMs, timestamp, ssrc);
        } catch (err) {
          this.fail(err as Error);
        }
      },
      onPcm: (pcm: Int16Array, meta: PcmMeta) => {
        if (this.state !== 'recording' || this.paused) return;
        try {
          recorder.push(channel, pcm, meta);
        } catch (err) {
          this.fail(err as Error);
        }
      },
    };
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
  }

  async switchOther(other: MediaEndpoint): Promise<void> {
    const right = this.taps[1];
    if (!right) throw new MediaError('bad-state', 'switchOther: a mono recording has no other side');
    if (!this.switcher) throw new MediaError('bad-state', 'switchOther: this recording cannot change sides');
    const host = this.switcher(other);
    if (this.state !== 'recording' || host === right.host) return;
    right.host.removeTap(right.tap);
    right.host = host;
    host.addTap(right.tap);
  }

  /** The endpoints it taps now (the first is the one that started it). */
  get hosts(): PcmTapHost[] {
    return this.taps.map((t) => t.host);
  }

  /** Called by the drainer's timer: moves audio to the file when the last drain is old enough. */
  drainIfDue(now: number): void {
    if (this.state !== 'recording') return;
    try {
      this.recorder.drainIfDue(now);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  /** A write failure (disk full) ends the recording, never the call. */
  private fail(err: Error): void {
    this.failure = err;
    this.detach();
  }

  private detach(): void {
    this.state = 'stopped';
    this.drainer.remove(this);
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
