/** Plays one prompt; with `bargeIn` a key ends it (the key stays in the digit buffer). */
import type { PlayOutcome } from '../media/media-engine.ts';
import type { Prompt } from './flow-schema.ts';
import { CancellableStep } from './flow-step.ts';
import type { StepContext } from './flow-step.ts';

export class PlayStep extends CancellableStep<PlayOutcome> {
  constructor(private readonly prompt: Prompt, private readonly bargeIn = false) {
    super();
  }

  protected async run(ctx: StepContext): Promise<PlayOutcome> {
    if (ctx.signal.aborted) return 'stopped';
    try {
      return await ctx.media.play(ctx.source(this.prompt), { stopOnDtmf: this.bargeIn, signal: ctx.signal });
    } catch {
      // A prompt that cannot play (missing tenant file, TTS failure) must not end the call.
      return 'finished';
    }
  }
}
