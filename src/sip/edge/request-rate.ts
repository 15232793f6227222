// Requests per source address per fixed window (Kamailio pike's density check): O(1) per packet,
// one small object per address seen in the last window, nothing allocated for a known address.
import type { Clock } from '../../kernel/clock.ts';

interface Window {
  start: number;
  count: number;
  /** The address's limit, looked up once per window (trusted sources have their own). */
  limit: number;
}

export class RequestRate {
  readonly #windows = new Map<string, Window>();
  #lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    /** The limit of an address, asked once per address per window; 0 means no limit. */
    private readonly limitOf: (address: string) => number,
    /** Addresses tracked at most; past that (a spoofed-source flood) new addresses go uncounted. */
    private readonly maxEntries = 65_536,
  ) {}

  /**
   * Counts one request from `address` and returns how far over its limit the address now is:
   * 0 while within it, 1 for the first request over it, 2 … for the following ones.
   */
  count(address: string): number {
    const now = this.clock.now();
    let w = this.#windows.get(address);
    if (w === undefined) {
      if (this.#windows.size >= this.maxEntries && !this.#sweep(now)) return 0;
      w = { start: now, count: 0, limit: this.limitOf(address) };
      this.#windows.set(address, w);
    } else if (now - w.start >= this.windowMs) {
      w.start = now;
      w.count = 0;
      w.limit = this.limitOf(address);
    }
    w.count++;
    return w.limit > 0 && w.count > w.limit ? w.count - w.limit : 0;
  }

  /** Addresses counted in the current windows. */
  get tracked(): number {
    return this.#windows.size;
  }

  /** Forgets windows that ended; at most once per window, so a full table costs O(n) per window, not per packet. */
  #sweep(now: number): boolean {
    if (now - this.#lastSweep < this.windowMs) return false;
    this.#lastSweep = now;
    for (const [address, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(address);
    return this.#windows.size < this.maxEntries;
  }
}
