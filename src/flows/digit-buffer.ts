/**
 * Digits the caller keyed, kept from the moment the flow starts: a key pressed while a prompt
 * plays (barge-in) is not lost, it is the first digit the next collect reads.
 */
import type { Clock } from '../kernel/clock.ts';
import type { FlowMedia } from './flow-media.ts';

export class DigitBuffer {
  private readonly queue: string[] = [];
  private waiter: ((digit: string | undefined) => void) | undefined;
  private readonly off: () => void;

  constructor(media: FlowMedia, private readonly clock: Clock) {
    this.off = media.onDtmf.on((e) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(e.digit);
      } else this.queue.push(e.digit);
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
