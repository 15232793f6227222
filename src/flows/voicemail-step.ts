/**
 * R13: nobody answered and the number takes messages. Answers the caller, plays "leave a message
 * after the tone" and a beep, records the caller (mono) until they hang up or `maxSeconds`, and
 * resolves what was recorded.
 */
import type { RecordingResult } from '../media/media-engine.ts';
import type { Voicemail } from './flow-schema.ts';
import { CancellableStep } from './flow-step.ts';
import type { StepContext } from './flow-step.ts';
import { PlayStep } from './play-step.ts';

export type VoicemailResult = { kind: 'recorded'; recording: RecordingResult } | { kind: 'none' };

export class VoicemailStep extends CancellableStep<VoicemailResult> {
  constructor(private readonly voicemail: Voicemail, private readonly path: string) {
    super();
  }

  protected async run(ctx: StepContext): Promise<VoicemailResult> {
    await new PlayStep(this.voicemail.prompt ?? { system: 'leave-message' }).exec(ctx);
    if (ctx.signal.aborted) return { kind: 'none' };
    try {
      await ctx.media.play({ kind: 'tone', tone: 'beep', durationMs: 400 }, { signal: ctx.signal });
    } catch {
      // No beep is no reason to lose the message.
    }
    if (ctx.signal.aborted) return { kind: 'none' };
    const recording = await ctx.media.record({ path: this.path });
    await new Promise<void>((resolve) => {
      const timer = ctx.clock.setTimeout(done, (this.voicemail.maxSeconds ?? 60) * 1000);
      function done(): void {
        ctx.clock.clearTimeout(timer);
        ctx.signal.removeEventListener('abort', done);
        resolve();
      }
      ctx.signal.addEventListener('abort', done, { once: true });
    });
    return { kind: 'recorded', recording: await recording.stop() };
  }
}
