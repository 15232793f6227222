/**
 * P4: a tenant's recordings (and voicemails) are kept `months` calendar months — 3 unless the
 * tenant chose otherwise — and then deleted by the daily retention job (prune-recordings.ts).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';

export const DEFAULT_RETENTION_MONTHS = 3;
export const MAX_RETENTION_MONTHS = 120;

export type RetentionTables = {
  recording_retention: { tenant_id: string; months: number; updated_at: string; updated_by: string | null };
};

export interface Retention {
  months: number;
  /** True when the tenant never chose: the platform default applies. */
  isDefault: boolean;
}

export class RetentionError extends Error {
  readonly code = 'UNPROCESSABLE';
  readonly statusCode = 422;
  readonly details = null;
}

const tables = (db: Kysely<object>) => db.withTables<RetentionTables>();

export async function getRetention(db: Kysely<object>, tenantId: string): Promise<Retention> {
  const row = await tables(db).selectFrom('recording_retention').select('months').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? { months: Number(row.months), isDefault: false } : { months: DEFAULT_RETENTION_MONTHS, isDefault: true };
}

/** Every tenant that chose its own period (the others keep the default). */
export async function chosenRetentions(db: Kysely<object>): Promise<Map<string, number>> {
  const rows = await tables(db).selectFrom('recording_retention').select(['tenant_id', 'months']).execute();
  return new Map(rows.map((r) => [r.tenant_id, Number(r.months)]));
}

export async function setRetention(db: Kysely<object>, tenantId: string, months: number, by: string, at: Date): Promise<Retention> {
  if (!Number.isInteger(months) || months < 1 || months > MAX_RETENTION_MONTHS) throw new RetentionError(`months must be 1-${MAX_RETENTION_MONTHS}`);
  const row = { tenant_id: tenantId, months, updated_at: toDbTimestamp(at), updated_by: by };
  await tables(db)
    .insertInto('recording_retention')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ months, updated_at: row.updated_at, updated_by: by }))
    .execute();
  return { months, isDefault: false };
}

/** The instant before which a recording started `months` calendar months before `now` is due. */
export function retentionCutoff(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}
