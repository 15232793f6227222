// A recording made in a media worker: stop() asks the worker to finalise the file (header written)
// and resolves its result; more calls give the same result, as the embedded recording does.

import type { Recording, RecordingResult } from '../media-engine-options.ts';
import type { WorkerChannel } from './worker-channel.ts';

export class WorkerRecording implements Recording {
  private result: Promise<RecordingResult> | undefined;

  constructor(
    readonly path: string,
    private readonly token: string,
    private readonly channel: WorkerChannel,
  ) {}

  stop(): Promise<RecordingResult> {
    this.result ??= this.channel.request<RecordingResult>({ op: 'stopRecording', recording: this.token });
    return this.result;
  }
}
