/**
 * "Something changed" — an in-process wake-up (a directory reloads, a worker looks now instead of
 * at its next poll): a `TypedEventSource` without a payload. Announcing never fails: the change it
 * reports has already happened, and a listener's failure (reported as a process warning) must not
 * undo or fail it.
 */
import { TypedEventSource } from './typed-event.ts';

export type SignalListener = () => void;

export class Signal {
  readonly #changed = new TypedEventSource<void>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: SignalListener): () => void {
    return this.#changed.on(listener);
  }

  announce(): void {
    this.#changed.emit(undefined);
  }
}
