/**
 * The tenant's wrap-up codes (话后小结: 咨询, 投诉, 售后 …): what an agent picks after a call, with a
 * note, to say what the call was about. Tenant admins keep the list; a code no longer wanted is
 * disabled or removed — wrap-ups already saved keep the code and label they were saved with.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { DeskError } from './desk-error.ts';
import type { DeskTables } from './desk-tables.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<DeskTables>();

export const WRAP_UP_CODE_PATTERN = '^[A-Za-z0-9_-]{1,32}$';
const CODE = new RegExp(WRAP_UP_CODE_PATTERN);

export interface WrapUpCode {
  id: string;
  code: string;
  label: string;
  enabled: boolean;
  position: number;
}

type Row = DeskTables['desk_wrap_up_codes'];
const toCode = (r: Row): WrapUpCode => ({ id: r.id, code: r.code, label: r.label, enabled: r.enabled === 1, position: r.position });

export async function listWrapUpCodes(db: Db, tenantId: string, opts: { enabledOnly?: boolean } = {}): Promise<WrapUpCode[]> {
  let q = tables(db).selectFrom('desk_wrap_up_codes').selectAll().where('tenant_id', '=', tenantId);
  if (opts.enabledOnly) q = q.where('enabled', '=', 1);
  return (await q.orderBy('position').orderBy('code').execute()).map(toCode);
}

/** An enabled code of the tenant by its code (what a wrap-up names). */
export async function findEnabledWrapUpCode(db: Db, tenantId: string, code: string): Promise<WrapUpCode | undefined> {
  const row = await tables(db).selectFrom('desk_wrap_up_codes').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).where('enabled', '=', 1).executeTakeFirst();
  return row ? toCode(row) : undefined;
}

function checkLabel(label: string): string {
  const l = label.trim();
  if (l.length < 1 || l.length > 64) throw new DeskError('INVALID_DESK', 'label: 1–64 characters', { field: 'label' });
  return l;
}

export async function createWrapUpCode(db: Db, tenantId: string, input: { code: string; label: string; enabled?: boolean; position?: number }, now: Date): Promise<WrapUpCode> {
  if (!CODE.test(input.code)) throw new DeskError('INVALID_DESK', 'code: 1–32 of A–Z, a–z, 0–9, _ and -', { field: 'code' });
  const taken = await tables(db).selectFrom('desk_wrap_up_codes').select('id').where('tenant_id', '=', tenantId).where('code', '=', input.code).executeTakeFirst();
  if (taken) throw new DeskError('CODE_TAKEN', `code: ${input.code} exists already`, { field: 'code' });
  const row: Row = {
    id: newId(),
    tenant_id: tenantId,
    code: input.code,
    label: checkLabel(input.label),
    enabled: input.enabled === false ? 0 : 1,
    position: input.position ?? 0,
    created_at: toDbTimestamp(now),
    updated_at: toDbTimestamp(now),
  };
  await tables(db).insertInto('desk_wrap_up_codes').values(row).execute();
  return toCode(row);
}

export async function updateWrapUpCode(db: Db, tenantId: string, id: string, input: { label?: string; enabled?: boolean; position?: number }, now: Date): Promise<WrapUpCode> {
  const set: Partial<Row> = { updated_at: toDbTimestamp(now) };
  if (input.label !== undefined) set.label = checkLabel(input.label);
  if (input.enabled !== undefined) set.enabled = input.enabled ? 1 : 0;
  if (input.position !== undefined) set.position = input.position;
  const res = await tables(db).updateTable('desk_wrap_up_codes').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new DeskError('NOT_FOUND', 'No such wrap-up code');
  const row = await tables(db).selectFrom('desk_wrap_up_codes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
  return toCode(row);
}

export async function deleteWrapUpCode(db: Db, tenantId: string, id: string): Promise<void> {
  const res = await tables(db).deleteFrom('desk_wrap_up_codes').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new DeskError('NOT_FOUND', 'No such wrap-up code');
}
