/**
 * The prepaid check at call arrival, kept cheap for hundreds of calls a second: each tenant's
 * balance is summed from the ledger at most once per `ttlMs` and then kept current from the
 * charges this process books, so a burst of calls costs one SUM per tenant, not one per call.
 * Top-ups made elsewhere (API, another node) show within `ttlMs`.
 *
 * A tenant with no rate plan (its own or one of its numbers') is not billed and never refused. A tenant on a plan is refused when
 * its balance plus the operator's grace amount is no longer positive. A charge that takes the
 * balance below the tenant's low-balance level is reported once, for the alert.
 */
import type { Kysely } from 'kysely';
import { getBalance } from '../billing/ledger-store.ts';
import { getTenantRatePlan } from '../billing/rate-plan-store.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import type { NumberRatePlansTable } from './number-rate-plan.ts';

export type PrepaidGraceTable = { prepaid_grace: { tenant_id: string; grace_li: number; low_balance_li: number | null; updated_at: string; updated_by: string } };

export type Admission = { admitted: true } | { admitted: false; balanceLi: number; graceLi: number };

interface Entry {
  billed: boolean;
  balanceLi: number;
  graceLi: number;
  lowBalanceLi: number;
  loadedAt: number;
}

/** After a local charge: the balance as this process knows it, and whether it just fell below the alert level. */
export interface ChargeEffect {
  balanceLi: number;
  lowBalanceLi: number;
  crossedLowBalance: boolean;
}

/** Default low-balance alert level: 10 CNY. */
export const DEFAULT_LOW_BALANCE_LI = 10_000;

export interface PrepaidGateOptions {
  /** ms clock (injectable). */
  now(): number;
  ttlMs?: number;
  /** Grace for tenants without their own (operator setting), li ≥ 0. */
  defaultGraceLi?: number;
  /** Low-balance alert level for tenants without their own. */
  defaultLowBalanceLi?: number;
}

export class PrepaidGate {
  private readonly cache = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();

  constructor(
    private readonly db: Kysely<object>,
    private readonly opts: PrepaidGateOptions,
  ) {}

  async admit(tenantId: string): Promise<Admission> {
    const e = await this.entry(tenantId);
    if (!e.billed || e.balanceLi + e.graceLi > 0) return { admitted: true };
    return { admitted: false, balanceLi: e.balanceLi, graceLi: e.graceLi };
  }

  /** A charge this process booked: the cached balance follows without a new SUM. */
  charged(tenantId: string, li: number): ChargeEffect | undefined {
    const e = this.cache.get(tenantId);
    if (!e || !e.billed) return undefined;
    const before = e.balanceLi;
    e.balanceLi -= li;
    return { balanceLi: e.balanceLi, lowBalanceLi: e.lowBalanceLi, crossedLowBalance: li > 0 && before >= e.lowBalanceLi && e.balanceLi < e.lowBalanceLi };
  }

  /** Forget a tenant (after a top-up or a plan change made in this process). */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async entry(tenantId: string): Promise<Entry> {
    const cached = this.cache.get(tenantId);
    if (cached && this.opts.now() - cached.loadedAt < (this.opts.ttlMs ?? 5000)) return cached;
    let pending = this.loading.get(tenantId);
    if (!pending) {
      pending = this.load(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  private async load(tenantId: string): Promise<Entry> {
    const loadedAt = this.opts.now();
    const [plan, numberPlan, balanceLi, own] = await Promise.all([
      getTenantRatePlan(this.db, tenantId),
      this.db.withTables<NumberRatePlansTable>().selectFrom('number_rate_plans').select('number_400').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst(),
      getBalance(this.db, tenantId),
      settingsOf(this.db, tenantId),
    ]);
    const e: Entry = {
      billed: plan !== undefined || numberPlan !== undefined,
      balanceLi,
      graceLi: own?.graceLi ?? this.opts.defaultGraceLi ?? 0,
      lowBalanceLi: own?.lowBalanceLi ?? this.opts.defaultLowBalanceLi ?? DEFAULT_LOW_BALANCE_LI,
      loadedAt,
    };
    this.cache.set(tenantId, e);
    return e;
  }
}

async function settingsOf(db: Kysely<object>, tenantId: string): Promise<{ graceLi: number; lowBalanceLi: number | undefined } | undefined> {
  const row = await db.withTables<PrepaidGraceTable>().selectFrom('prepaid_grace').select(['grace_li', 'low_balance_li']).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row === undefined ? undefined : { graceLi: Number(row.grace_li), lowBalanceLi: row.low_balance_li === null ? undefined : Number(row.low_balance_li) };
}

/** The operator sets a tenant's grace amount and, optionally, its low-balance alert level (li ≥ 0). */
export async function setPrepaidGrace(db: Kysely<object>, tenantId: string, graceLi: number, by: string, at = new Date(), lowBalanceLi: number | null = null): Promise<void> {
  for (const li of [graceLi, lowBalanceLi ?? 0]) {
    if (!Number.isSafeInteger(li) || li < 0) throw new RangeError('amounts must be whole, non-negative numbers of li');
  }
  const values = { tenant_id: tenantId, grace_li: graceLi, low_balance_li: lowBalanceLi, updated_at: toDbTimestamp(at), updated_by: by };
  await db
    .withTables<PrepaidGraceTable>()
    .insertInto('prepaid_grace')
    .values(values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ grace_li: graceLi, low_balance_li: lowBalanceLi, updated_at: values.updated_at, updated_by: by }))
    .execute();
}
