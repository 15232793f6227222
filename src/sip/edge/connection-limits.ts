// Caps on stream connections (TCP now, WebSocket later) accepted at once: in total and per source
// address, so one client cannot take every file descriptor the process has (issue 11 finding 3).

export class ConnectionLimits {
  readonly #perSource = new Map<string, number>();
  #total = 0;
  #refused = 0;

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerSource: number,
  ) {}

  /** Counts a new connection from `address`, or returns false (the caller closes it) when a cap is reached. */
  tryOpen(address: string): boolean {
    const mine = this.#perSource.get(address) ?? 0;
    if (this.#total >= this.maxTotal || mine >= this.maxPerSource) {
      this.#refused++;
      return false;
    }
    this.#perSource.set(address, mine + 1);
    this.#total++;
    return true;
  }

  closed(address: string): void {
    const mine = this.#perSource.get(address);
    if (mine === undefined) return;
    if (mine <= 1) this.#perSource.delete(address);
    else this.#perSource.set(address, mine - 1);
    this.#total--;
  }

  get open(): number {
    return this.#total;
  }

  /** Connections refused at a cap since start. */
  get refused(): number {
    return this.#refused;
  }
}
