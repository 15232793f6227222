/** The `number_caps` table: one row per capped 400 number. */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import type { NumberCaps } from './number-caps.ts';

export type NumberCapsTable = {
  number_caps: { tenant_id: string; number_400: string; monthly_spend_li: number | null; monthly_calls: number | null; updated_at: string; updated_by: string };
};

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<NumberCapsTable>();

export interface StoredNumberCaps extends NumberCaps {
  updatedAt: string;
  updatedBy: string;
}

export async function getNumberCaps(db: Db, tenantId: string, number400: string): Promise<StoredNumberCaps | undefined> {
  const row = await tables(db).selectFrom('number_caps').selectAll().where('tenant_id', '=', tenantId).where('number_400', '=', number400).executeTakeFirst();
  if (!row) return undefined;
  return {
    monthlySpendLi: row.monthly_spend_li === null ? null : Number(row.monthly_spend_li),
    monthlyCalls: row.monthly_calls === null ? null : Number(row.monthly_calls),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Replaces the number's caps; both null removes the row (an uncapped number has none). */
export async function setNumberCaps(db: Db, tenantId: string, number400: string, caps: NumberCaps, opts: { by: string; now?: Date }): Promise<StoredNumberCaps | undefined> {
  if (caps.monthlySpendLi === null && caps.monthlyCalls === null) {
    await deleteNumberCaps(db, tenantId, number400);
    return undefined;
  }
  const updatedAt = toDbTimestamp(opts.now ?? new Date());
  const set = { monthly_spend_li: caps.monthlySpendLi, monthly_calls: caps.monthlyCalls, updated_at: updatedAt, updated_by: opts.by };
  await tables(db)
    .insertInto('number_caps')
    .values({ tenant_id: tenantId, number_400: number400, ...set })
    .onConflict((oc) => oc.columns(['tenant_id', 'number_400']).doUpdateSet(set))
    .execute();
  return { ...caps, updatedAt, updatedBy: opts.by };
}

export async function deleteNumberCaps(db: Db, tenantId: string, number400: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('number_caps').where('tenant_id', '=', tenantId).where('number_400', '=', number400).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Every capped number (the gate seeds their month's usage at start). */
export async function listCappedNumbers(db: Db): Promise<{ tenantId: string; number400: string }[]> {
  const rows = await tables(db).selectFrom('number_caps').select(['tenant_id', 'number_400']).orderBy('tenant_id').orderBy('number_400').execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, number400: r.number_400 }));
}
