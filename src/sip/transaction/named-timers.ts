// The named timers of one transaction (A, B, D, …) on an injectable clock; starting a timer that is
// already running restarts it, and stopAll() is called on entering Terminated.
import type { Clock, TimerHandle } from '../clock.ts';

export class NamedTimers<N extends string> {
  readonly #clock: Clock;
  readonly #running = new Map<N, TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  start(name: N, ms: number, fire: () => void): void {
    this.stop(name);
    const handle = this.#clock.setTimeout(() => {
      this.#running.delete(name);
      fire();
    }, ms);
    this.#running.set(name, handle);
  }

  stop(name: N): void {
    const h = this.#running.get(name);
    if (h === undefined) return;
    this.#clock.clearTimeout(h);
    this.#running.delete(name);
  }

  isRunning(name: N): boolean {
    return this.#running.has(name);
  }

  stopAll(): void {
    for (const h of this.#running.values()) this.#clock.clearTimeout(h);
    this.#running.clear();
  }
}
