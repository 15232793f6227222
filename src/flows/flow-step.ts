/**
 * One step of a flow: `exec` runs it against the caller's media and resolves its result; it is
 * cancelled by aborting `ctx.signal` (the caller hung up), after which it resolves promptly.
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { Clock } from '../sip/clock.ts';
import type { DigitBuffer } from './digit-buffer.ts';
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
}
