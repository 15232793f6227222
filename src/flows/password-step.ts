/**
 * R7: the caller keys the number's password (ended by # or by its length) before anything rings.
 * A wrong or missing entry hears "wrong password"; after `tries` (default 3) the caller hears
 * goodbye and the step fails.
 */
import type { Password } from './flow-schema.ts';
import { CancellableStep } from './flow-step.ts';
import type { StepContext } from './flow-step.ts';
import { PlayStep } from './play-step.ts';

export type PasswordResult = 'accepted' | 'refused' | 'aborted';

export class PasswordStep extends CancellableStep<PasswordResult> {
  constructor(private readonly password: Password) {
    super();
  }

  protected async run(ctx: StepContext): Promise<PasswordResult> {
    const tries = this.password.tries ?? 3;
    for (let i = 0; i < tries; i++) {
      await new PlayStep({ system: 'enter-password' }, true).exec(ctx);
      const keyed = await ctx.digits.collect({ max: this.password.digits.length, terminator: '#', timeoutMs: this.password.timeoutMs ?? 10000, signal: ctx.signal });
      if (ctx.signal.aborted) return 'aborted';
      if (keyed === this.password.digits) {
        ctx.digits.clear();
        return 'accepted';
      }
      await new PlayStep({ system: 'wrong-password' }).exec(ctx);
      // A trailing '#' or extra keys of the failed try are not the start of the next one.
      ctx.digits.clear();
    }
    if (ctx.signal.aborted) return 'aborted';
    await new PlayStep({ system: 'goodbye' }).exec(ctx);
    return ctx.signal.aborted ? 'aborted' : 'refused';
  }
}
