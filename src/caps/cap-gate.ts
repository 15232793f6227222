/**
 * R8 at call arrival: refuses a call to a number past its monthly spend or call-count cap, and
 * raises the 80 % / 100 % alerts. Cheap per call: a number's caps and its tenant's zone are read
 * at most once per `settingsTtlMs`; its month's usage is summed from the call records once (one
 * indexed query) and then counted here — +1 call per admitted call, +cost when a call ends.
 * An uncapped number costs one small cached lookup and no usage query.
 *
 * Known limit: the count is this process's; a second node sharing the store would only see the
 * other's calls at the next month or restart.
 */
import type { Kysely } from 'kysely';
import type { CallRefusal } from '../calls/ports.ts';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import type { CapAlertSink } from './cap-alert.ts';
import { capMonthOf } from './cap-month.ts';
import type { CapMonth } from './cap-month.ts';
import { getNumberCaps, listCappedNumbers } from './cap-store.ts';
import { crossedThresholds, isOverCap, reachedThresholds } from './cap-thresholds.ts';
import type { CapThreshold } from './cap-thresholds.ts';
import { queryMonthlyUsage } from './monthly-usage.ts';
import type { CapKind, NumberCaps } from './number-caps.ts';

/** RFC 3261 §21.4.4: 403 — "the server understood the request, but is refusing to fulfill it". */
export const OVER_CAP_REFUSAL: CallRefusal = { status: 403, reason: 'Monthly Cap Reached', outcome: 'over_cap' };
const DEFAULT_ZONE = 'Asia/Shanghai';

export interface CapGateOptions {
  /** Wall clock, ms (injectable). */
  now(): number;
  alerts: CapAlertSink;
  /** How long caps and the tenant's zone are cached; default 5 s (an API change shows within it). */
  settingsTtlMs?: number;
  /** An alert that could not be enqueued (the call goes on regardless). */
  onError?(err: unknown): void;
}

interface Settings {
  caps: NumberCaps | null;
  zone: string;
  loadedAt: number;
}

interface Usage {
  month: CapMonth;
  zone: string;
  calls: number;
  spendLi: number;
  alerted: Set<string>;
}

/** What the gate needs of an ended call. */
export interface CapCallEnd {
  callId: string;
  tenantId: string;
  number400: string;
  startedAt: Date;
}

export class CapGate {
  private readonly settings = new Map<string, Settings>();
  private readonly usage = new Map<string, Usage>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private alertChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<object>,
    private readonly opts: CapGateOptions,
  ) {}

  /** undefined → admitted (and counted); otherwise the `over_cap` refusal. */
  async admit(tenantId: string, number400: string): Promise<CallRefusal | undefined> {
    const key = keyOf(tenantId, number400);
    const s = await this.settingsOf(key, tenantId, number400);
    if (!s.caps) {
      // Uncapped: forget the count, so a cap set later starts from the records, not a stale count.
      this.usage.delete(key);
      return undefined;
    }
    const u = await this.usageOf(key, tenantId, number400, s.zone);
    const { monthlyCalls, monthlySpendLi } = s.caps;
    const overCalls = isOverCap(u.calls, monthlyCalls);
    const overSpend = isOverCap(u.spendLi, monthlySpendLi);
    if (overCalls || overSpend) {
      // The alerts may not have gone out (cap lowered below usage, or enqueueing failed before).
      if (overCalls && monthlyCalls !== null) this.raise(tenantId, number400, u, 'calls', reachedThresholds(u.calls, monthlyCalls), u.calls, monthlyCalls);
      if (overSpend && monthlySpendLi !== null) this.raise(tenantId, number400, u, 'spend', reachedThresholds(u.spendLi, monthlySpendLi), u.spendLi, monthlySpendLi);
      return OVER_CAP_REFUSAL;
    }
    // Counted at admission, not at the end, so a burst cannot run past the cap.
    const before = u.calls;
    u.calls += 1;
    if (monthlyCalls !== null) this.raise(tenantId, number400, u, 'calls', crossedThresholds(before, u.calls, monthlyCalls), u.calls, monthlyCalls);
    return undefined;
  }

  /** After the call's record is closed and charged: its cost joins the month it started in. */
  async callEnded(e: CapCallEnd): Promise<void> {
    const key = keyOf(e.tenantId, e.number400);
    const u = this.usage.get(key);
    const started = e.startedAt.getTime();
    if (!u || started < u.month.fromMs || started >= u.month.toMs) return;
    const row = await callRecordTables(this.db).selectFrom('call_records').select('cost_li').where('id', '=', e.callId).executeTakeFirst();
    const cost = Number(row?.cost_li ?? 0);
    if (cost <= 0 || this.usage.get(key) !== u) return;
    const before = u.spendLi;
    u.spendLi += cost;
    const limit = this.settings.get(key)?.caps?.monthlySpendLi ?? null;
    if (limit !== null) this.raise(e.tenantId, e.number400, u, 'spend', crossedThresholds(before, u.spendLi, limit), u.spendLi, limit);
  }

  /**
   * Seeds every capped number's month at start, one number at a time, so the first call to a busy
   * number does not wait for its sum. Calls arriving meanwhile share a load in flight. Returns how
   * many numbers were seeded.
   */
  async warm(): Promise<number> {
    let n = 0;
    for (const { tenantId, number400 } of await listCappedNumbers(this.db)) {
      const key = keyOf(tenantId, number400);
      const s = await this.settingsOf(key, tenantId, number400);
      if (!s.caps || this.usage.has(key)) continue;
      await this.usageOf(key, tenantId, number400, s.zone);
      n++;
    }
    return n;
  }

  /** Forget a number's cached caps (after a change made in this process). */
  invalidate(tenantId: string, number400: string): void {
    this.settings.delete(keyOf(tenantId, number400));
  }

  /** Resolves when every alert raised so far has been handed to the sink (tests, shutdown). */
  flush(): Promise<void> {
    return this.alertChain;
  }

  private raise(tenantId: string, number400: string, u: Usage, kind: CapKind, thresholds: CapThreshold[], used: number, limit: number): void {
    for (const threshold of thresholds) {
      const id = `${kind}:${threshold}`;
      if (u.alerted.has(id)) continue;
      u.alerted.add(id);
      const alert = { tenantId, number400, kind, threshold, used, limit, monthKey: u.month.key };
      // In order (80 % before 100 %), off the call's path; a failure is reported, and retried at the next refusal.
      this.alertChain = this.alertChain.then(() => this.opts.alerts.raise(alert)).catch((err: unknown) => {
        u.alerted.delete(id);
        this.opts.onError?.(err);
      });
    }
  }

  private async settingsOf(key: string, tenantId: string, number400: string): Promise<Settings> {
    const cached = this.settings.get(key);
    if (cached && this.opts.now() - cached.loadedAt < (this.opts.settingsTtlMs ?? 5000)) return cached;
    return this.once(`s:${key}`, async () => {
      const loadedAt = this.opts.now();
      const [caps, tenant] = await Promise.all([getNumberCaps(this.db, tenantId, number400), getTenant(this.db, tenantId)]);
      const s: Settings = { caps: caps ? { monthlySpendLi: caps.monthlySpendLi, monthlyCalls: caps.monthlyCalls } : null, zone: tenant?.timeZone ?? DEFAULT_ZONE, loadedAt };
      this.settings.set(key, s);
      return s;
    });
  }

  private async usageOf(key: string, tenantId: string, number400: string, zone: string): Promise<Usage> {
    const now = this.opts.now();
    const cached = this.usage.get(key);
    // The month's bounds are known: no calendar arithmetic per call (Intl is slow on a hot path).
    if (cached && cached.zone === zone && now >= cached.month.fromMs && now < cached.month.toMs) return cached;
    const month = capMonthOf(now, zone);
    return this.once(`u:${key}:${month.key}`, async () => {
      const seeded = await queryMonthlyUsage(this.db, tenantId, number400, month);
      const u: Usage = { month, zone, calls: seeded.calls, spendLi: seeded.spendLi, alerted: new Set() };
      this.usage.set(key, u);
      return u;
    });
  }

  /** One load in flight per key: a burst of calls to one number shares it. */
  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const p = load().finally(() => this.loading.delete(key));
    this.loading.set(key, p);
    return p;
  }
}

function keyOf(tenantId: string, number400: string): string {
  return `${tenantId}\u0000${number400}`;
}
