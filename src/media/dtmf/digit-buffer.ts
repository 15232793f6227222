/**
 * Digits a leg keyed, kept from the moment someone listens (a flow starts, a driver first plays
 * or collects): a key pressed while a prompt plays (barge-in) is not lost, it is the first digit
 * the next collect reads. Bounded: a phone keying on while nobody collects does not grow it.
 */
import type { Clock } from '../../kernel/clock.ts';
import type { TypedEvent } from '../../kernel/typed-event.ts';
import type { DtmfEvent } from '../media-engine-events.ts';

const MAX_KEPT = 32;

export class DigitBuffer {
  private readonly queue: string[] = [];
  private waiter: ((digit: string | undefined) => void) | undefined;
  private readonly off: () => void;

  constructor(media: { readonly onDtmf: TypedEvent<DtmfEvent> }, private readonly clock: Clock) {
    this.off = media.onDtmf.on((e) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(e.digit);
      } else if (this.queue.length < MAX_KEPT) this.queue.push(e.digit);
    });
  }

  /** Keys pressed and not yet read. */
  get pending(): number {
    return this.queue.length;
  }

  /** Forgets keys pressed so far (a new question starts). */
  clear(): void {
    this.queue.length = 0;
  }

  /** The next digit, or undefined after `timeoutMs` without one or when `signal` aborts. */
  next(timeoutMs: number, signal: AbortSignal): Promise<string | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const finish = (d: string | undefined): void => {
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === finish) this.waiter = undefined;
        resolve(d);
      };
      const onAbort = (): void => finish(undefined);
      const timer = this.clock.setTimeout(() => finish(undefined), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = finish;
    });
  }

  /**
   * Keys until `terminator`, `max` digits, or `timeoutMs` after the last key (undefined when
   * nothing at all was keyed).
   */
  async collect(opts: { max: number; terminator?: string; timeoutMs: number; signal: AbortSignal }): Promise<string | undefined> {
    let keyed = '';
    while (keyed.length < opts.max) {
      const d = await this.next(opts.timeoutMs, opts.signal);
      if (d === undefined) return keyed.length > 0 ? keyed : undefined;
      if (d === opts.terminator) return keyed;
      keyed += d;
    }
    return keyed;
  }

  dispose(): void {
    this.off();
    this.waiter?.(undefined);
  }
}
