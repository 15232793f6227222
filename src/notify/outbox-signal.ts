/**
 * "Something was enqueued" — a tiny typed listener list so the in-process outbox worker looks at
 * once instead of at its next poll. Inside a caller's transaction the row may not be visible yet;
 * the worker's poll finds it then, so a missed wake-up only costs one poll interval.
 */
export type OutboxListener = () => void;

export class OutboxSignal {
  private readonly listeners = new Set<OutboxListener>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: OutboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // The enqueue already happened; a listener's failure must not fail it.
      }
    }
  }
}

/** The process-wide channel. */
export const outboxSignal = new OutboxSignal();
