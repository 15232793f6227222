// A recording made in a media worker: stop() asks the worker to finalise the file (header written)
// and resolves its result; more calls give the same result, as the embedded recording does.
//
// When the worker dies first, the file is repaired here at once, as a crash's file is at the next
// start (header sizes from what reached the disk, the in-progress marker removed). If the call's
// endpoints come back in the replacement worker, the recording goes on there into the same file
// (after silence for what was lost, so the file's timeline stays the call's) and stop() finalises
// that; if not, stop() resolves what reached the disk.

import type { MediaEndpoint } from '../media-engine.ts';
import type { Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { repairRecording } from '../recorder/repair-recordings.ts';
import { readWavFileHeader } from '../wav/read-wav-header.ts';
import type { WorkerChannel } from './worker-channel.ts';
import type { WorkerEndpoint } from './worker-endpoint.ts';

interface Lost {
  /** The file as repaired after the crash. */
  repaired: Promise<RecordingResult>;
  /** Settles once the replacement worker took over the call (or could not). */
  settled: Promise<void>;
}

export class WorkerRecording implements Recording {
  private result: Promise<RecordingResult> | undefined;
  private lost: Lost | undefined;
  /** Wall time the recording started: what the file's timeline should cover when resumed. */
  readonly startedAt = Date.now();

  constructor(
    readonly path: string,
    private token: string,
    /** The answering side of a stereo recording (right channel); none for mono. */
    private otherSide: WorkerEndpoint | undefined,
    private channel: WorkerChannel,
    private readonly onFinished: (rec: WorkerRecording) => void,
    /** Checks an endpoint given to switchOther: one of this engine, in the same worker. */
    private readonly peer: (other: MediaEndpoint) => WorkerEndpoint,
  ) {}

  /** PCI pause in force (a replacement worker that resumes the recording pauses it again). */
  paused = false;

  get other(): WorkerEndpoint | undefined {
    return this.otherSide;
  }

  async pause(): Promise<void> {
    await this.channel.request<void>({ op: 'recording', recording: this.token, action: 'pause' });
    this.paused = true;
  }

  async resume(): Promise<void> {
    await this.channel.request<void>({ op: 'recording', recording: this.token, action: 'resume' });
    this.paused = false;
  }

  async switchOther(other: MediaEndpoint): Promise<void> {
    if (!this.otherSide) throw new MediaError('bad-state', 'switchOther: a mono recording has no other side');
    const next = this.peer(other);
    await this.channel.request<void>({ op: 'recording', recording: this.token, action: 'switch-other', other: next.id });
    this.otherSide = next;
  }

  /** stop() was called: the recording is ending and must not be resumed. */
  get stopping(): boolean {
    return this.result !== undefined;
  }

  stop(): Promise<RecordingResult> {
    this.result ??= this.finish();
    return this.result;
  }

  private async finish(): Promise<RecordingResult> {
    try {
      if (this.lost) await this.lost.settled;
      if (this.lost) return await this.lost.repaired;
      return await this.channel.request<RecordingResult>({ op: 'stopRecording', recording: this.token });
    } catch (err) {
      // The worker died while stopping: what reached the disk.
      if (this.lost) return this.lost.repaired;
      throw err;
    } finally {
      this.onFinished(this);
    }
  }

  /** The worker died with this recording open: the file is repaired now, whoever asks later. */
  lostWithWorker(settled: Promise<void>): void {
    const repaired = this.repair();
    // Reported to whoever calls stop(); unasked, it must not be an unhandled rejection.
    repaired.catch(() => undefined);
    this.lost = { repaired, settled };
  }

  /** The repaired file, when the recording was lost with its worker. */
  repaired(): Promise<RecordingResult> | undefined {
    return this.lost?.repaired;
  }

  /** The replacement worker records on into the file under `token`. */
  resumed(token: string, channel: WorkerChannel): void {
    this.token = token;
    this.channel = channel;
    this.lost = undefined;
  }

  private async repair(): Promise<RecordingResult> {
    const repaired = await repairRecording(this.path);
    if (repaired.status === 'unrepairable') throw new MediaError('file', `recording ${this.path} lost with its media worker: ${repaired.reason ?? 'unrepairable'}`);
    const info = await readWavFileHeader(this.path);
    const frames = repaired.dataBytes / info.blockAlign;
    return { path: this.path, durationMs: Math.round((frames * 1000) / info.sampleRate), channels: this.other ? 2 : 1 };
  }
}
