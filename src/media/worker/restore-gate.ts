// Holds a proxy's calls back while its media worker's replacement re-creates the object it stands
// for (WorkerEndpoint, WorkerConference): calls made meanwhile wait, then go to the replacement.

export class RestoreGate {
  private pending: Promise<void> | undefined;

  /** Calls wait from now until `restore` settles. */
  hold(restore: Promise<void>): void {
    const pending = restore.finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
  }

  /**
   * The restore under way, to await; undefined when there is none. Await it only when it is set
   * (`const held = gate.held; if (held) await held;`): awaiting nothing still yields a tick, and a
   * request must go out in the same tick as the call (a play's abort notice follows its request).
   */
  get held(): Promise<void> | undefined {
    return this.pending;
  }
}
