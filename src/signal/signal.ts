/**
 * "Something changed" — a tiny typed listener list for in-process wake-ups (a directory reloads,
 * a worker looks now instead of at its next poll). Announcing never fails: the change it reports
 * has already happened, and a listener's failure must not undo or fail it.
 */
export type SignalListener = () => void;

export class Signal {
  private readonly listeners = new Set<SignalListener>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: SignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // See above: the announced change stands whatever a listener does.
      }
    }
  }
}
