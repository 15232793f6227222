/**
 * Per-tenant outbound settings: the countries beyond China the operator allowed, whether the
 * tenant's calls may be transferred to outside numbers (the operator's choice, off by default), and
 * whether the tenant's outbound calls are suspended (by the fraud detector, until the operator lifts it).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { destinationVerdict } from './destination-rules.ts';
import type { DestinationVerdict } from './destination-rules.ts';
import { DestinationError } from './destination-error.ts';

export type TenantOutboundTable = {
  tenant_outbound: {
    tenant_id: string;
    allowed_country_codes: string;
    suspended_at: string | null;
    suspended_reason: string | null;
    outside_transfers: number;
    updated_at: string;
    updated_by: string | null;
  };
};

export interface TenantOutbound {
  tenantId: string;
  /** Country calling codes beyond +86 the tenant may call (`['852', '1']`); empty: China only. */
  allowedCountryCodes: string[];
  /** Whether calls may be transferred to outside numbers (within the countries above). */
  outsideTransfers: boolean;
  /** Set while outbound calls are suspended. */
  suspended: { at: string; reason: string } | null;
}

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<TenantOutboundTable>();

const outboundOf = new PreparedQuery((db, p) => db.withTables<TenantOutboundTable>().selectFrom('tenant_outbound').selectAll().where('tenant_id', '=', p('tenantId')));

export async function getTenantOutbound(db: Db, tenantId: string): Promise<TenantOutbound> {
  const { rows } = await outboundOf.execute(db, { tenantId });
  const row = rows[0];
  if (!row) return { tenantId, allowedCountryCodes: [], outsideTransfers: false, suspended: null };
  return {
    tenantId,
    allowedCountryCodes: JSON.parse(row.allowed_country_codes) as string[],
    outsideTransfers: row.outside_transfers === 1,
    suspended: row.suspended_at === null ? null : { at: row.suspended_at, reason: row.suspended_reason ?? '' },
  };
}

async function upsert(db: Db, tenantId: string, set: Partial<TenantOutboundTable['tenant_outbound']>, by: string, at: Date): Promise<void> {
  const now = toDbTimestamp(at);
  const values = { ...set, updated_at: now, updated_by: by };
  await tables(db)
    .insertInto('tenant_outbound')
    .values({ tenant_id: tenantId, allowed_country_codes: '[]', suspended_at: null, suspended_reason: null, outside_transfers: 0, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export async function setAllowedCountryCodes(db: Db, tenantId: string, codes: readonly string[], by: string, at = new Date()): Promise<void> {
  await upsert(db, tenantId, { allowed_country_codes: JSON.stringify([...new Set(codes)].sort()) }, by, at);
}

export async function setOutsideTransfers(db: Db, tenantId: string, allowed: boolean, by: string, at = new Date()): Promise<void> {
  await upsert(db, tenantId, { outside_transfers: allowed ? 1 : 0 }, by, at);
}

/** Suspends the tenant's outbound calls; a suspension already in force keeps its first reason. */
export async function suspendOutbound(db: Db, tenantId: string, reason: string, by: string, at = new Date()): Promise<void> {
  const current = await getTenantOutbound(db, tenantId);
  if (current.suspended) return;
  await upsert(db, tenantId, { suspended_at: toDbTimestamp(at), suspended_reason: reason }, by, at);
}

export async function liftOutboundSuspension(db: Db, tenantId: string, by: string, at = new Date()): Promise<boolean> {
  const current = await getTenantOutbound(db, tenantId);
  if (!current.suspended) return false;
  await upsert(db, tenantId, { suspended_at: null, suspended_reason: null }, by, at);
  return true;
}

/** The verdict on each number for this tenant (binding time and call time ask the same). */
export async function destinationVerdicts(db: Db, tenantId: string, e164s: readonly string[]): Promise<DestinationVerdict[]> {
  if (e164s.length === 0) return [];
  const { allowedCountryCodes } = await getTenantOutbound(db, tenantId);
  return e164s.map((n) => destinationVerdict(n, allowedCountryCodes));
}

/** Refuses (422 DESTINATION_NOT_ALLOWED) the first number this tenant may not call out to. */
export async function assertDestinationsAllowed(db: Db, tenantId: string, e164s: readonly string[]): Promise<void> {
  const verdicts = await destinationVerdicts(db, tenantId, e164s);
  verdicts.forEach((v, i) => {
    if (!v.allowed) throw new DestinationError(v.message, { number: e164s[i] ?? '', why: v.why });
  });
}
