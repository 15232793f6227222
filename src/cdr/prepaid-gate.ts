/**
 * The prepaid check at call arrival, kept cheap for hundreds of calls a second: each tenant's
 * balance is summed from the ledger at most once per `ttlMs` and then kept current from the
 * charges this process books, so a burst of calls costs one SUM per tenant, not one per call.
 * Top-ups made elsewhere (API, another node) show within `ttlMs`.
 *
 * A tenant with no rate plan is not billed and never refused. A tenant on a plan is refused when
 * its balance plus the operator's grace amount is no longer positive.
 */
import type { Kysely } from 'kysely';
import { getBalance } from '../billing/ledger-store.ts';
import { getTenantRatePlan } from '../billing/rate-plan-store.ts';
import { toDbTimestamp } from '../db/conventions.ts';

export type PrepaidGraceTable = { prepaid_grace: { tenant_id: string; grace_li: number; updated_at: string; updated_by: string } };

export type Admission = { admitted: true } | { admitted: false; balanceLi: number; graceLi: number };

interface Entry {
  billed: boolean;
  balanceLi: number;
  graceLi: number;
  loadedAt: number;
}

export interface PrepaidGateOptions {
  /** ms clock (injectable). */
  now(): number;
  ttlMs?: number;
  /** Grace for tenants without their own (operator setting), li ≥ 0. */
  defaultGraceLi?: number;
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
  charged(tenantId: string, li: number): void {
    const e = this.cache.get(tenantId);
    if (e) e.balanceLi -= li;
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
    const [plan, balanceLi, graceLi] = await Promise.all([getTenantRatePlan(this.db, tenantId), getBalance(this.db, tenantId), graceOf(this.db, tenantId)]);
    const e: Entry = { billed: plan !== undefined, balanceLi, graceLi: graceLi ?? this.opts.defaultGraceLi ?? 0, loadedAt };
    this.cache.set(tenantId, e);
    return e;
  }
}

async function graceOf(db: Kysely<object>, tenantId: string): Promise<number | undefined> {
  const row = await db.withTables<PrepaidGraceTable>().selectFrom('prepaid_grace').select('grace_li').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row === undefined ? undefined : Number(row.grace_li);
}

/** The operator sets a tenant's grace amount (li ≥ 0). */
export async function setPrepaidGrace(db: Kysely<object>, tenantId: string, graceLi: number, by: string, at = new Date()): Promise<void> {
  if (!Number.isSafeInteger(graceLi) || graceLi < 0) throw new RangeError('grace must be a whole, non-negative number of li');
  const values = { tenant_id: tenantId, grace_li: graceLi, updated_at: toDbTimestamp(at), updated_by: by };
  await db
    .withTables<PrepaidGraceTable>()
    .insertInto('prepaid_grace')
    .values(values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ grace_li: graceLi, updated_at: values.updated_at, updated_by: by }))
    .execute();
}
