/**
 * R10: the simple menu. Plays the menu prompt (a key interrupts it), waits for a key, and answers
 * with the option chosen; an invalid key hears "invalid key" and the menu again, up to `tries`.
 */
import type { Menu, Prompt } from './flow-schema.ts';
import { CancellableStep } from './flow-step.ts';
import type { StepContext } from './flow-step.ts';
import { PlayStep } from './play-step.ts';

export type MenuResult =
  | { kind: 'chosen'; key: string; phones: string[] }
  /** C9: the key sends the caller to a queue. */
  | { kind: 'queue'; key: string; queue: string }
  | { kind: 'no-choice' }
  | { kind: 'aborted' };

export class MenuStep extends CancellableStep<MenuResult> {
  constructor(private readonly menu: Menu, private readonly language: 'zh-CN' | 'en') {
    super();
  }

  protected async run(ctx: StepContext): Promise<MenuResult> {
    const tries = this.menu.tries ?? 3;
    const timeoutMs = this.menu.timeoutMs ?? 5000;
    for (let i = 0; i < tries; i++) {
      // A key pressed during the welcome already answers the menu: no need to hear it.
      if (ctx.digits.pending === 0) await new PlayStep(this.prompt(), true).exec(ctx);
      const key = await ctx.digits.next(timeoutMs, ctx.signal);
      if (ctx.signal.aborted) return { kind: 'aborted' };
      const option = this.menu.options.find((o) => o.key === key);
      if (option && key !== undefined) return 'queue' in option ? { kind: 'queue', key, queue: option.queue } : { kind: 'chosen', key, phones: option.phones };
      if (key !== undefined && i < tries - 1) {
        await new PlayStep({ system: 'invalid-key' }).exec(ctx);
        ctx.digits.clear();
      }
    }
    return ctx.signal.aborted ? { kind: 'aborted' } : { kind: 'no-choice' };
  }

  /** The configured prompt, else a spoken list of the keys. */
  private prompt(): Prompt {
    if (this.menu.prompt) return this.menu.prompt;
    const keys = this.menu.options.map((o) => o.key);
    return this.language === 'en' ? { text: `Please press ${keys.join(', ')}.` } : { text: `请按${keys.join('、')}。` };
  }
}
