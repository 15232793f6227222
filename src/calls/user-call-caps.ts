/**
 * Caps on calls placed by authenticated SIP users that ring through a trunk (issue 11 finding 1:
 * stolen phone credentials placed 150 concurrent calls out of the carrier trunk; the B2BUA capped
 * only trunk sources). Per SIP user: calls up at once, and calls started in the last minute.
 * Per-tenant fraud caps are src/caps' and the routing's concern; this is the phone's own brake.
 */
import type { Clock } from '../kernel/clock.ts';
import type { CallRefusal } from './ports.ts';
import type { RouteDecision } from './call-router.ts';

export interface UserCallCapsOptions {
  clock: Clock;
  /** Calls up at once per user; 0: no cap. */
  maxConcurrent: number;
  /** Calls started per user per minute; 0: no cap. */
  perMinute: number;
  /** Told of each refusal (the platform logs it). */
  onRefused?(username: string, refusal: CallRefusal): void;
}

const MINUTE_MS = 60_000;
const CONCURRENT: CallRefusal = { status: 403, reason: 'Concurrent Call Limit', outcome: 'over_cap' };
const RATE: CallRefusal = { status: 403, reason: 'Call Rate Limit', outcome: 'over_cap' };

export class UserCallCaps {
  readonly #up = new Map<string, number>();
  readonly #userOf = new Map<string, string>();
  /** Start times of each user's recent calls, oldest first (at most perMinute kept). */
  readonly #starts = new Map<string, number[]>();

  constructor(private readonly opts: UserCallCapsOptions) {}

  /** Whether `username` may start one more call now; call started() in the same tick when it does. */
  refusal(username: string): CallRefusal | undefined {
    const { maxConcurrent, perMinute } = this.opts;
    if (maxConcurrent > 0 && (this.#up.get(username) ?? 0) >= maxConcurrent) return this.#refuse(username, CONCURRENT);
    if (perMinute > 0 && this.#recent(username).length >= perMinute) return this.#refuse(username, RATE);
    return undefined;
  }

  started(username: string, callId: string): void {
    this.#userOf.set(callId, username);
    this.#up.set(username, (this.#up.get(username) ?? 0) + 1);
    if (this.opts.perMinute <= 0) return;
    const starts = this.#recent(username);
    starts.push(this.opts.clock.now());
    if (starts.length > this.opts.perMinute) starts.shift();
    this.#starts.set(username, starts);
  }

  ended(callId: string): void {
    const username = this.#userOf.get(callId);
    if (username === undefined) return;
    this.#userOf.delete(callId);
    const n = (this.#up.get(username) ?? 1) - 1;
    if (n > 0) this.#up.set(username, n);
    else this.#up.delete(username);
  }

  /** The user's starts within the last minute (older ones dropped; the map forgets idle users). */
  #recent(username: string): number[] {
    const starts = this.#starts.get(username) ?? [];
    const since = this.opts.clock.now() - MINUTE_MS;
    while (starts.length > 0 && (starts[0] as number) <= since) starts.shift();
    if (starts.length === 0) this.#starts.delete(username);
    return starts;
  }

  #refuse(username: string, refusal: CallRefusal): CallRefusal {
    this.opts.onRefused?.(username, refusal);
    return refusal;
  }
}

/** True when the plan may ring a PSTN number — a call that leaves through a trunk and costs money. */
export function ringsThroughTrunk(decision: Extract<RouteDecision, { kind: 'dial' }>): boolean {
  const pstn = (targets: readonly { kind: string }[]) => targets.some((t) => t.kind === 'pstn');
  return pstn(decision.targets) || (decision.forwarding !== undefined && (pstn(decision.forwarding.onBusy) || pstn(decision.forwarding.onNoAnswer)));
}
