// A tiny typed listener list (werift's `Event<[T]>` habit): a subscriber names a property of the
// object it listens to (`endpoint.onDtmf.on(…)`) instead of a string-named EventEmitter event.
// The one event primitive of the code base; `Signal` is this without a payload.

export type Listener<T> = (event: T) => void;

/** The subscribe side, as exposed on interfaces. `on` returns the unsubscribe function. */
export interface TypedEvent<T> {
  on(listener: Listener<T>): () => void;
  /** Resolves with the next event, or rejects with the signal's reason when aborted first. */
  next(signal?: AbortSignal): Promise<T>;
}

/** The owning side: the implementation keeps this and exposes it as `TypedEvent<T>`. */
export class TypedEventSource<T> implements TypedEvent<T> {
  private listeners: Listener<T>[] = [];

  on(listener: Listener<T>): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  next(signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        off();
        reject(signal?.reason);
      };
      const off = this.on((event) => {
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(event);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Delivers to every listener; one listener throwing must not starve the others or the engine. */
  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        // A listener's bug is reported, not rethrown: the process must never die of it.
        process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'TypedEventListenerError');
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  clear(): void {
    this.listeners = [];
  }
}
