// Addresses the edge ignores until a time: the "ipban" htable of Kamailio's default config.
import type { Clock } from '../../kernel/clock.ts';

export class AddressBans {
  readonly #until = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    /** More bans than this and the oldest is forgotten (spoofed UDP sources must not grow memory without bound). */
    private readonly maxEntries = 100_000,
  ) {}

  /** O(1): a Map probe; an expired ban is forgotten on the way. */
  isBanned(address: string): boolean {
    if (this.#until.size === 0) return false;
    const until = this.#until.get(address);
    if (until === undefined) return false;
    if (until > this.clock.now()) return true;
    this.#until.delete(address);
    return false;
  }

  /** Bans until now + ms (extends a running ban, never shortens it). */
  ban(address: string, ms: number): void {
    const until = this.clock.now() + ms;
    const current = this.#until.get(address);
    if (current !== undefined && current >= until) return;
    this.#until.delete(address);
    this.#until.set(address, until);
    if (this.#until.size > this.maxEntries) {
      const oldest = this.#until.keys().next().value;
      if (oldest !== undefined) this.#until.delete(oldest);
    }
  }

  unban(address: string): void {
    this.#until.delete(address);
  }

  /** Bans in force now (expired ones are dropped while counting). */
  get count(): number {
    const now = this.clock.now();
    for (const [address, until] of this.#until) if (until <= now) this.#until.delete(address);
    return this.#until.size;
  }
}
