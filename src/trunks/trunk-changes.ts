/**
 * "The trunk list changed" — a tiny typed listener list, so in-process trunk directories reload
 * at once. Store functions announce their own committed writes; a caller that wraps them in its
 * own transaction announces after its commit (a reload before the commit would read the old list).
 */
export type TrunksChangedListener = () => void;

export class TrunkChanges {
  private readonly listeners = new Set<TrunksChangedListener>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: TrunksChangedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure must not undo or fail the write that already committed.
      }
    }
  }
}

/** The process-wide channel. */
export const trunkChanges = new TrunkChanges();
