/**
 * Per-tenant caps and fraud detection for calls that leave through a trunk, after OpenSIPS
 * fraud_detection: calls per minute, calls per hour ("total"), concurrent calls and sequential
 * calls to the same number, each with a warning and a critical level. A warning is reported once
 * per tenant, metric and hour; a critical level is reported and makes the platform suspend the
 * tenant's outbound calls (until the operator lifts it). Two hard caps refuse the call outright
 * without suspending: calls up at once and calls started per minute. In memory, per process.
 */
/** The caps and levels (the settings' `TenantOutboundSettings` is this type; 0 turns one off). */
export interface FraudLimits {
  maxConcurrent: number;
  maxPerMinute: number;
  callsPerMinute: { warning: number; critical: number };
  concurrent: { warning: number; critical: number };
  callsPerHour: { warning: number; critical: number };
  sequentialSameNumber: { warning: number; critical: number };
}

export type FraudMetric = 'callsPerMinute' | 'callsPerHour' | 'concurrent' | 'sequentialSameNumber';

export interface FraudEvent {
  tenantId: string;
  level: 'warning' | 'critical';
  metric: FraudMetric;
  value: number;
  threshold: number;
}

export interface FraudDetectorOptions {
  limits: FraudLimits;
  /** Monotonic or wall milliseconds (tests pass a fake clock). */
  now: () => number;
  onEvent(event: FraudEvent): void;
}

export type CapRefusal = { status: 403; reason: 'Tenant Concurrent Call Limit' | 'Tenant Call Rate Limit' };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface TenantState {
  up: number;
  /** Start times within the last hour, oldest first. */
  starts: number[];
  lastDestination: string | undefined;
  sameInARow: number;
  /** `metric:level` → when it was last reported (one report per hour). */
  reported: Map<string, number>;
}

export class FraudDetector {
  readonly #tenants = new Map<string, TenantState>();
  readonly #tenantOf = new Map<string, string>();

  constructor(private readonly opts: FraudDetectorOptions) {}

  /** The hard caps: whether one more call out may start now. */
  refusal(tenantId: string): CapRefusal | undefined {
    const { maxConcurrent, maxPerMinute } = this.opts.limits;
    const s = this.#tenants.get(tenantId);
    if (!s) return undefined;
    if (maxConcurrent > 0 && s.up >= maxConcurrent) return { status: 403, reason: 'Tenant Concurrent Call Limit' };
    if (maxPerMinute > 0 && this.#since(s, MINUTE_MS) >= maxPerMinute) return { status: 403, reason: 'Tenant Call Rate Limit' };
    return undefined;
  }

  /** A call out started (`destination`: the first number it rings through the trunk). */
  started(tenantId: string, callId: string, destination: string): void {
    const now = this.opts.now();
    const s = this.#state(tenantId);
    this.#tenantOf.set(callId, tenantId);
    s.up++;
    while (s.starts.length > 0 && (s.starts[0] as number) <= now - HOUR_MS) s.starts.shift();
    s.starts.push(now);
    s.sameInARow = s.lastDestination === destination ? s.sameInARow + 1 : 1;
    s.lastDestination = destination;
    this.#judge(tenantId, s, now, {
      callsPerMinute: this.#since(s, MINUTE_MS),
      callsPerHour: s.starts.length,
      concurrent: s.up,
      sequentialSameNumber: s.sameInARow,
    });
  }

  ended(callId: string): void {
    const tenantId = this.#tenantOf.get(callId);
    if (tenantId === undefined) return;
    this.#tenantOf.delete(callId);
    const s = this.#tenants.get(tenantId);
    if (!s) return;
    s.up = Math.max(0, s.up - 1);
    if (s.up === 0 && s.starts.length === 0) this.#tenants.delete(tenantId);
  }

  #judge(tenantId: string, s: TenantState, now: number, values: Record<FraudMetric, number>): void {
    for (const metric of Object.keys(values) as FraudMetric[]) {
      const value = values[metric];
      const { warning, critical } = this.opts.limits[metric];
      const level = critical > 0 && value >= critical ? 'critical' : warning > 0 && value >= warning ? 'warning' : undefined;
      if (!level) continue;
      const key = `${metric}:${level}`;
      const last = s.reported.get(key);
      if (last !== undefined && now - last < HOUR_MS) continue;
      s.reported.set(key, now);
      this.opts.onEvent({ tenantId, level, metric, value, threshold: level === 'critical' ? critical : warning });
    }
  }

  #since(s: TenantState, windowMs: number): number {
    const from = this.opts.now() - windowMs;
    let n = 0;
    for (let i = s.starts.length - 1; i >= 0 && (s.starts[i] as number) > from; i--) n++;
    return n;
  }

  #state(tenantId: string): TenantState {
    let s = this.#tenants.get(tenantId);
    if (!s) this.#tenants.set(tenantId, (s = { up: 0, starts: [], lastDestination: undefined, sameInARow: 0, reported: new Map() }));
    return s;
  }
}
