// Failed digest authentications per source address and per user, with a lockout that an attacker
// cannot turn against a real phone for long: the source that fails is what gets banned (by the
// edge guard), and a user whose password is being guessed from many addresses is locked only for
// addresses it never authenticated from, and only for a while.
import type { Clock } from '../../kernel/clock.ts';

interface Count {
  start: number;
  count: number;
}

export interface AuthFailuresOptions {
  windowMs: number;
  /** Failures from one address within the window that get it banned; 0: never. */
  maxPerSource: number;
  /** Failures of one user within the window that lock it for unknown addresses; 0: never. */
  maxPerUser: number;
  /** How long such a user lock lasts. */
  lockMs: number;
}

export interface FailureOutcome {
  sourceFailures: number;
  userFailures: number;
  /** The source has just reached its limit. */
  banSource: boolean;
  /** The user has just reached its limit. */
  lockUser: boolean;
}

/** Addresses remembered per user as having authenticated (a phone, its NAT, a second device …). */
const KNOWN_PER_USER = 8;

export class AuthFailures {
  readonly #bySource = new Map<string, Count>();
  readonly #byUser = new Map<string, Count>();
  readonly #lockedUntil = new Map<string, number>();
  /** Where each user has authenticated from; only users that did (real accounts) have an entry. */
  readonly #known = new Map<string, string[]>();

  constructor(
    private readonly clock: Clock,
    private readonly opts: AuthFailuresOptions,
    /** Entries kept per table at most (usernames and addresses are the attacker's choice). */
    private readonly maxEntries = 65_536,
  ) {}

  /** True when `username` is locked and `address` is not one it authenticated from. */
  isLocked(username: string, address: string): boolean {
    if (this.#lockedUntil.size === 0) return false;
    const until = this.#lockedUntil.get(username);
    if (until === undefined) return false;
    if (until <= this.clock.now()) {
      this.#lockedUntil.delete(username);
      return false;
    }
    return !(this.#known.get(username)?.includes(address) ?? false);
  }

  failed(username: string, address: string): FailureOutcome {
    const sourceFailures = this.#bump(this.#bySource, address);
    const userFailures = this.#bump(this.#byUser, username);
    const banSource = this.opts.maxPerSource > 0 && sourceFailures === this.opts.maxPerSource;
    const lockUser = this.opts.maxPerUser > 0 && userFailures === this.opts.maxPerUser;
    if (lockUser) this.#remember(this.#lockedUntil, username, this.clock.now() + this.opts.lockMs);
    return { sourceFailures, userFailures, banSource, lockUser };
  }

  /** The address proved it knows the password: its failures are forgiven, and it is remembered for the user. */
  succeeded(username: string, address: string): void {
    this.#bySource.delete(address);
    const known = this.#known.get(username);
    if (known === undefined) {
      this.#remember(this.#known, username, [address]);
      return;
    }
    const at = known.indexOf(address);
    if (at === 0) return;
    if (at > 0) known.splice(at, 1);
    known.unshift(address);
    if (known.length > KNOWN_PER_USER) known.pop();
  }

  /** Users locked now. */
  get lockedUsers(): number {
    const now = this.clock.now();
    for (const [user, until] of this.#lockedUntil) if (until <= now) this.#lockedUntil.delete(user);
    return this.#lockedUntil.size;
  }

  #bump(table: Map<string, Count>, key: string): number {
    const now = this.clock.now();
    const c = table.get(key);
    if (c === undefined || now - c.start >= this.opts.windowMs) {
      this.#remember(table, key, { start: now, count: 1 });
      return 1;
    }
    return ++c.count;
  }

  /** Sets a key, forgetting the oldest entry past maxEntries. */
  #remember<V>(table: Map<string, V>, key: string, value: V): void {
    table.delete(key);
    table.set(key, value);
    if (table.size > this.maxEntries) {
      const oldest = table.keys().next().value;
      if (oldest !== undefined) table.delete(oldest);
    }
  }
}
