// One play on an endpoint: pulls a frame per engine tick and ends with an outcome exactly once.

import type { PlayOutcome } from '../media-engine-options.ts';
import type { FrameSource } from '../player/frame-source.ts';

export type PlayState = 'playing' | 'ended';

export class EndpointPlay {
  state: PlayState = 'playing';
  /** Frames sent so far: the play's own sequence/timestamp numbering before the stream rewrite. */
  index = 0;
  readonly done: Promise<PlayOutcome>;
  private resolveDone!: (o: PlayOutcome) => void;

  constructor(
    private readonly source: FrameSource,
    readonly stopOnDtmf: boolean,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** The next frame, or undefined when the source has ended (the play then ends 'finished'). */
  next(): Int16Array | undefined {
    if (this.state !== 'playing') return undefined;
    const frame = this.source.next();
    if (!frame) {
      this.end('finished');
      return undefined;
    }
    this.index++;
    return frame;
  }

  end(outcome: PlayOutcome): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.resolveDone(outcome);
  }
}
