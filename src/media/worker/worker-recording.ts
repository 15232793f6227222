// A recording made in a media worker: stop() asks the worker to finalise the file (header written)
// and resolves its result; more calls give the same result, as the embedded recording does. When
// the worker dies first, the file is repaired here as a crash's file is at the next start
// (header sizes from what reached the disk, the in-progress marker removed), and stop() resolves
// that.

import { open, rm } from 'node:fs/promises';
import type { Recording, RecordingResult } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { repairWav } from '../wav/repair-wav.ts';
import { parseWavHeader, type WavInfo } from '../wav/wav-header.ts';
import type { WorkerChannel } from './worker-channel.ts';

export class WorkerRecording implements Recording {
  private result: Promise<RecordingResult> | undefined;

  constructor(
    readonly path: string,
    private readonly token: string,
    private readonly channels: 1 | 2,
    private readonly channel: WorkerChannel,
    private readonly onFinished: (rec: WorkerRecording) => void,
  ) {}

  stop(): Promise<RecordingResult> {
    this.result ??= this.channel.request<RecordingResult>({ op: 'stopRecording', recording: this.token }).finally(() => this.onFinished(this));
    return this.result;
  }

  /** The worker died with this recording open: repair the file now, whoever asks later. */
  lostWithWorker(): void {
    if (this.result) return;
    this.result = this.repair();
    // Reported to whoever calls stop(); unasked, it must not be an unhandled rejection.
    this.result.catch(() => undefined);
  }

  private async repair(): Promise<RecordingResult> {
    const repaired = await repairWav(this.path);
    if (repaired.status === 'unrepairable') throw new MediaError('file', `recording ${this.path} lost with its media worker: ${repaired.reason ?? 'unrepairable'}`);
    await rm(`${this.path}.recording`, { force: true });
    const info = await readHeader(this.path);
    const frames = repaired.dataBytes / info.blockAlign;
    return { path: this.path, durationMs: Math.round((frames * 1000) / info.sampleRate), channels: this.channels };
  }
}

/** The header of a (long) WAV file, without reading its samples. */
async function readHeader(path: string): Promise<WavInfo> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    return parseWavHeader(head, size);
  } finally {
    await fh.close();
  }
}
