// One play to one far end: a FrameSource driven by a FramePacer, ending on its own ('finished'),
// on request or abort ('stopped'), or — with stopOnDtmf — at the first digit ('dtmf', barge-in:
// no further frame is sent after dtmf() returns).
//
//   const pb = new Playback(await openFrameSource(src, { files }), {
//     clock, stopOnDtmf: true, signal, onFrame: (frame, index) => rtpOut.send(encode(frame)),
//   });
//   pb.start();
//   endpoint.onDtmf.on((e) => pb.dtmf(e.digit));
//   const outcome = await pb.outcome;   // 'finished' | 'stopped' | 'dtmf'

import type { PlayOutcome } from '../media-engine-options.ts';
import type { FrameSource } from './frame-source.ts';
import type { Clock } from '../../kernel/clock.ts';
import { FramePacer } from './pacer.ts';

export interface PlaybackOptions {
  clock: Clock;
  onFrame: (frame: Int16Array, index: number) => void;
  stopOnDtmf?: boolean;
  signal?: AbortSignal;
}

export class Playback {
  private readonly pacer: FramePacer;
  private resolve!: (o: PlayOutcome) => void;
  private done = false;
  readonly outcome: Promise<PlayOutcome>;

  constructor(
    private readonly source: FrameSource,
    private readonly opts: PlaybackOptions,
  ) {
    this.outcome = new Promise<PlayOutcome>((r) => (this.resolve = r));
    this.pacer = new FramePacer({ clock: opts.clock, onTick: (index) => this.tick(index) });
    opts.signal?.addEventListener('abort', () => this.end('stopped'), { once: true });
  }

  start(): void {
    if (this.opts.signal?.aborted) this.end('stopped');
    if (!this.done) this.pacer.start();
  }

  /** A digit arrived from the far end. Ends the play at once when stopOnDtmf was asked. */
  dtmf(_digit: string): void {
    if (this.opts.stopOnDtmf) this.end('dtmf');
  }

  stop(): void {
    this.end('stopped');
  }

  get finished(): boolean {
    return this.done;
  }

  private tick(index: number): boolean {
    const frame = this.source.next();
    if (!frame) {
      this.end('finished');
      return false;
    }
    this.opts.onFrame(frame, index);
    return !this.done;
  }

  private end(outcome: PlayOutcome): void {
    if (this.done) return;
    this.done = true;
    this.pacer.stop();
    this.resolve(outcome);
  }
}
