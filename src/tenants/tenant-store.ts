/**
 * Tenants in the database. `upsertTenant` is what `hotline import` calls (idempotent by code);
 * the API creates, updates and changes status through the other functions. Every status change is
 * recorded with who and why.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { TenantError } from './tenant-error.ts';
import { normaliseTenantInput } from './tenant-input.ts';
import type { NormalTenantInput } from './tenant-input.ts';
import { canChangeTenantStatus } from './tenant-status.ts';
import type { TenantStatus } from './tenant-status.ts';
import type { Tenant, TenantContact, TenantInput } from './tenant.ts';

export type TenantTables = {
  tenants: {
    id: string;
    code: string;
    name: string;
    social_credit_code: string | null;
    contact_name: string;
    contact_phone: string;
    contact_email: string | null;
    status: string;
    seats: number;
    time_zone: string;
    created_at: string;
    updated_at: string;
  };
  tenant_status_changes: {
    id: string;
    tenant_id: string;
    from_status: string | null;
    to_status: string;
    reason: string;
    changed_by: string;
    changed_at: string;
  };
};

type Db = Kysely<object>;
type TenantRow = TenantTables['tenants'];
const tables = (db: Db) => db.withTables<TenantTables>();

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    socialCreditCode: row.social_credit_code,
    contact: { name: row.contact_name, phone: row.contact_phone, email: row.contact_email },
    status: row.status as TenantStatus,
    seats: row.seats,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const row = await tables(db).selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTenant(row);
}

export async function getTenantByCode(db: Db, code: string): Promise<Tenant | undefined> {
  const row = await tables(db).selectFrom('tenants').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toTenant(row);
}

export interface ListTenantsOptions {
  readonly status?: TenantStatus;
}

export async function listTenants(db: Db, opts: ListTenantsOptions = {}): Promise<Tenant[]> {
  let query = tables(db).selectFrom('tenants').selectAll().orderBy('code');
  if (opts.status !== undefined) query = query.where('status', '=', opts.status);
  return (await query.execute()).map(toTenant);
}

async function assertCreditCodeFree(db: Db, code: string | null, exceptId: string | null): Promise<void> {
  if (code === null) return;
  const holder = await tables(db).selectFrom('tenants').select('id').where('social_credit_code', '=', code).executeTakeFirst();
  if (holder !== undefined && holder.id !== exceptId) {
    throw new TenantError('SOCIAL_CREDIT_CODE_TAKEN', 'another tenant is registered with this unified social credit code');
  }
}

async function insertTenant(db: Db, input: NormalTenantInput, by: string, at: Date): Promise<Tenant> {
  await assertCreditCodeFree(db, input.socialCreditCode, null);
  const now = toDbTimestamp(at);
  const row: TenantRow = {
    id: newId(),
    code: input.code,
    name: input.name,
    social_credit_code: input.socialCreditCode,
    contact_name: input.contact.name,
    contact_phone: input.contact.phone,
    contact_email: input.contact.email,
    status: 'pending',
    seats: input.seats,
    time_zone: input.timeZone,
    created_at: now,
    updated_at: now,
  };
  await tables(db).insertInto('tenants').values(row).execute();
  await recordStatusChange(db, row.id, null, 'pending', 'created', by, now);
  return toTenant(row);
}

/** Creates a tenant (status pending); refuses a code already in use. */
export async function createTenant(db: Db, input: TenantInput, by: string, at = new Date()): Promise<Tenant> {
  const normal = normaliseTenantInput(input);
  return withTransaction(db, async (trx) => {
    if ((await getTenantByCode(trx, normal.code)) !== undefined) {
      throw new TenantError('TENANT_CODE_TAKEN', `a tenant with code '${normal.code}' exists`);
    }
    return insertTenant(trx, normal, by, at);
  });
}

export interface TenantPatch {
  readonly name?: string;
  readonly socialCreditCode?: string | null;
  readonly contact?: TenantContact;
  readonly seats?: number;
  readonly timeZone?: string;
}

/** Changes the given fields; `updated_at` moves only when something actually changed. */
export async function updateTenant(db: Db, id: string, patch: TenantPatch, _by: string, at = new Date()): Promise<Tenant> {
  return withTransaction(db, async (trx) => {
    const current = await getTenant(trx, id);
    if (current === undefined) throw new TenantError('TENANT_NOT_FOUND', 'no such tenant');
    const next = normaliseTenantInput({
      code: current.code,
      name: patch.name ?? current.name,
      socialCreditCode: patch.socialCreditCode === undefined ? current.socialCreditCode : patch.socialCreditCode,
      contact: patch.contact ?? current.contact,
      seats: patch.seats ?? current.seats,
      timeZone: patch.timeZone ?? current.timeZone,
    });
    return applyUpdate(trx, current, next, at);
  });
}

async function applyUpdate(db: Db, current: Tenant, next: NormalTenantInput, at: Date): Promise<Tenant> {
  const values = {
    name: next.name,
    social_credit_code: next.socialCreditCode,
    contact_name: next.contact.name,
    contact_phone: next.contact.phone,
    contact_email: next.contact.email,
    seats: next.seats,
    time_zone: next.timeZone,
  };
  const unchanged =
    current.name === values.name &&
    current.socialCreditCode === values.social_credit_code &&
    current.contact.name === values.contact_name &&
    current.contact.phone === values.contact_phone &&
    current.contact.email === values.contact_email &&
    current.seats === values.seats &&
    current.timeZone === values.time_zone;
  if (unchanged) return current;
  await assertCreditCodeFree(db, next.socialCreditCode, current.id);
  const updatedAt = toDbTimestamp(at);
  await tables(db).updateTable('tenants').set({ ...values, updated_at: updatedAt }).where('id', '=', current.id).execute();
  return { ...current, ...next, code: current.code, updatedAt };
}

export interface UpsertTenantResult {
  readonly tenant: Tenant;
  readonly created: boolean;
}

/** Creates the tenant with this code, or brings an existing one to the given fields (status is
 * left alone). Running it twice with the same input changes nothing the second time. */
export async function upsertTenant(db: Db, input: TenantInput, by: string, at = new Date()): Promise<UpsertTenantResult> {
  const normal = normaliseTenantInput(input);
  return withTransaction(db, async (trx) => {
    const current = await getTenantByCode(trx, normal.code);
    if (current === undefined) return { tenant: await insertTenant(trx, normal, by, at), created: true };
    return { tenant: await applyUpdate(trx, current, normal, at), created: false };
  });
}

async function recordStatusChange(
  db: Db,
  tenantId: string,
  from: TenantStatus | null,
  to: TenantStatus,
  reason: string,
  by: string,
  at: string,
): Promise<void> {
  await tables(db)
    .insertInto('tenant_status_changes')
    .values({ id: newId(), tenant_id: tenantId, from_status: from, to_status: to, reason, changed_by: by, changed_at: at })
    .execute();
}

/** Moves a tenant along its status machine; refuses moves the machine does not allow. */
export async function changeTenantStatus(
  db: Db,
  id: string,
  to: TenantStatus,
  reason: string,
  by: string,
  at = new Date(),
): Promise<Tenant> {
  const why = reason.trim();
  if (why === '' || why.length > 500) throw new TenantError('INVALID_TENANT', 'a status change needs a reason of 1–500 characters');
  return withTransaction(db, async (trx) => {
    const current = await getTenant(trx, id);
    if (current === undefined) throw new TenantError('TENANT_NOT_FOUND', 'no such tenant');
    if (!canChangeTenantStatus(current.status, to)) {
      throw new TenantError('INVALID_STATUS_CHANGE', `a ${current.status} tenant cannot become ${to}`);
    }
    const now = toDbTimestamp(at);
    await tables(trx).updateTable('tenants').set({ status: to, updated_at: now }).where('id', '=', id).execute();
    await recordStatusChange(trx, id, current.status, to, why, by, now);
    return { ...current, status: to, updatedAt: now };
  });
}

export interface TenantStatusChange {
  readonly from: TenantStatus | null;
  readonly to: TenantStatus;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export async function tenantStatusHistory(db: Db, tenantId: string): Promise<TenantStatusChange[]> {
  const rows = await tables(db).selectFrom('tenant_status_changes').selectAll().where('tenant_id', '=', tenantId).orderBy('changed_at').execute();
  const changes = rows.map((r) => ({ from: r.from_status as TenantStatus | null, to: r.to_status as TenantStatus, reason: r.reason, by: r.changed_by, at: r.changed_at }));
  return inChainOrder(changes);
}

/** Orders changes by time and, within one millisecond (ids are random), by the chain each change
 * continues: its `from` is the previous `to`. */
function inChainOrder(changes: TenantStatusChange[]): TenantStatusChange[] {
  const out: TenantStatusChange[] = [];
  const left = [...changes];
  while (left.length > 0) {
    const at = left[0]?.at;
    const previous = out.at(-1)?.to ?? null;
    const next = left.findIndex((c) => c.at === at && c.from === previous);
    out.push(...left.splice(next < 0 ? 0 : next, 1));
  }
  return out;
}
