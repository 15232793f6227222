/**
 * One step of a flow: `exec` runs it against the caller's media and resolves its result; `cancel`
 * (or aborting `ctx.signal`: the caller hung up) makes it stop and resolve promptly.
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { Clock } from '../kernel/clock.ts';
import type { DigitBuffer } from '../media/dtmf/digit-buffer.ts';
import type { FlowMedia } from './flow-media.ts';
import type { Prompt } from './flow-schema.ts';

export interface StepContext {
  media: FlowMedia;
  digits: DigitBuffer;
  clock: Clock;
  signal: AbortSignal;
  /** A prompt of the flow as a play source (system prompts in the flow's language). */
  source(p: Prompt): PlaySource;
}

export interface FlowStep<R> {
  exec(ctx: StepContext): Promise<R>;
  cancel(): void;
}

/** A step whose `run` sees one signal: the call's, or this step's own cancel. */
export abstract class CancellableStep<R> implements FlowStep<R> {
  private readonly cancelled = new AbortController();

  exec(ctx: StepContext): Promise<R> {
    return this.run({ ...ctx, signal: AbortSignal.any([ctx.signal, this.cancelled.signal]) });
  }

  cancel(): void {
    this.cancelled.abort();
  }

  protected abstract run(ctx: StepContext): Promise<R>;
}
