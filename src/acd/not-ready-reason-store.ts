/**
 * The tenant's own list of not-ready reasons (小休, 会议, 培训 …). A tenant without any row uses
 * DEFAULT_NOT_READY_REASONS; its first change stores a list of its own.
 */
import type { Kysely } from 'kysely';
import { newId } from '../db/conventions.ts';
import { AcdError } from './acd-error.ts';
import { DEFAULT_NOT_READY_REASONS, type NotReadyReason, SYSTEM_NOT_READY_REASONS } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<AcdTables>();

export async function listNotReadyReasons(db: Db, tenantId: string): Promise<NotReadyReason[]> {
  const rows = await tables(db).selectFrom('acd_not_ready_reasons').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('code').execute();
  if (rows.length === 0) return DEFAULT_NOT_READY_REASONS.map((r) => ({ id: r.code, tenantId, code: r.code, name: r.name }));
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, code: r.code, name: r.name }));
}

/** Replaces the tenant's list (order kept). */
export async function setNotReadyReasons(db: Db, tenantId: string, reasons: readonly { code: string; name: string }[]): Promise<NotReadyReason[]> {
  const seen = new Set<string>();
  reasons.forEach((r, i) => {
    if (!/^[a-z0-9_-]{1,32}$/.test(r.code)) throw new AcdError('INVALID_ACD', `reasons[${i}].code: 1–32 of a–z, 0–9, _ and -`, { field: `reasons[${i}].code` });
    if ((SYSTEM_NOT_READY_REASONS as readonly string[]).includes(r.code)) throw new AcdError('INVALID_ACD', `reasons[${i}].code: ${r.code} is the platform's own`, { field: `reasons[${i}].code` });
    if (seen.has(r.code)) throw new AcdError('INVALID_ACD', `reasons[${i}].code: listed twice`, { field: `reasons[${i}].code` });
    const name = r.name.trim();
    if (name.length < 1 || name.length > 32) throw new AcdError('INVALID_ACD', `reasons[${i}].name: 1–32 characters`, { field: `reasons[${i}].name` });
    seen.add(r.code);
  });
  if (reasons.length === 0) throw new AcdError('INVALID_ACD', 'reasons: at least one', { field: 'reasons' });
  await tables(db).deleteFrom('acd_not_ready_reasons').where('tenant_id', '=', tenantId).execute();
  await tables(db)
    .insertInto('acd_not_ready_reasons')
    .values(reasons.map((r, position) => ({ id: newId(), tenant_id: tenantId, code: r.code, name: r.name.trim(), position })))
    .execute();
  return listNotReadyReasons(db, tenantId);
}
