/**
 * Sticky agent (C13): which agent last answered a caller, so a repeat call within the queue's window
 * goes to them first. Bounded: the oldest entries go first.
 */
import type { Clock } from '../kernel/clock.ts';

/** Entries kept (oldest dropped first). */
const CALL_MEMORY_LIMIT = 100_000;

export class CallerMemory {
  readonly #entries = new Map<string, { userId: string; at: number }>();

  constructor(private readonly clock: Clock) {}

  remember(tenantId: string, callerNumber: string, userId: string): void {
    const key = `${tenantId}\u0000${callerNumber}`;
    this.#entries.delete(key);
    this.#entries.set(key, { userId, at: this.clock.now() });
    if (this.#entries.size > CALL_MEMORY_LIMIT) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The agent who last answered this caller within the window, or undefined. */
  remembered(tenantId: string, callerNumber: string, windowSeconds: number): string | undefined {
    if (windowSeconds <= 0) return undefined;
    const m = this.#entries.get(`${tenantId}\u0000${callerNumber}`);
    return m && this.clock.now() - m.at <= windowSeconds * 1000 ? m.userId : undefined;
  }
}
