// The named timers of one transaction (A, B, D, …) on an injectable clock; starting a timer that is
// already running restarts it, and stopAll() is called on entering Terminated. A transaction runs
// at most three at a time and lingers up to 64*T1 with one, so the set is two short arrays (no
// Map, no wrapper closure per timer): a timer that fired keeps its slot until it is started again
// or stopped, and clearing a fired timer is a no-op for every Clock. When the set is empty a new
// timer gets fresh one-element arrays: V8 grows a pushed-to array to 17 slots, and the lingering
// state (one timer) should not carry that.
import type { Clock, TimerHandle } from '../../kernel/clock.ts';

export class NamedTimers<N extends string> {
  readonly #clock: Clock;
  #names: N[] = [];
  #handles: TimerHandle[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  start(name: N, ms: number, fire: () => void): void {
    const handle = this.#clock.setTimeout(fire, ms);
    if (this.#names.length === 0) {
      this.#names = [name];
      this.#handles = [handle];
      return;
    }
    const i = this.#names.indexOf(name);
    if (i < 0) {
      this.#names.push(name);
      this.#handles.push(handle);
      return;
    }
    this.#clock.clearTimeout(this.#handles[i] as TimerHandle);
    this.#handles[i] = handle;
  }

  stop(name: N): void {
    const i = this.#names.indexOf(name);
    if (i < 0) return;
    this.#clock.clearTimeout(this.#handles[i] as TimerHandle);
    this.#names.splice(i, 1);
    this.#handles.splice(i, 1);
  }

  stopAll(): void {
    for (const h of this.#handles) this.#clock.clearTimeout(h);
    this.#names.length = 0;
    this.#handles.length = 0;
  }
}
