/**
 * P2's call record list: a tenant's records of the last three months, newest first, filtered by
 * time, 400 number, caller and outcome, in keyset pages (a cursor, not an offset, so a page costs
 * the same however deep it is).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { dialectOf } from '../db/dialect.ts';
import type { CallRecord, RecordOutcome } from './call-record.ts';
import { callRecordTables, toCallRecord } from './call-record-store.ts';

export interface CallRecordFilter {
  from?: Date;
  to?: Date;
  /** The 400 number, exactly. */
  number400?: string;
  /** Digits anywhere in the caller's number (a whole number, a prefix or a tail). */
  caller?: string;
  outcomes?: readonly RecordOutcome[];
  /** The caller's province or city, as attributed (e.g. 江苏省 or 常州市). */
  region?: string;
}

export interface CallRecordPage {
  items: CallRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** How far back the tenant may look (P2: three months). */
export const RETENTION_MONTHS = 3;

export class CallRecordQueryError extends Error {
  readonly code = 'BAD_REQUEST';
  readonly statusCode = 400;
  readonly details = null;
}

/** The earliest start a query may see: the same day three calendar months before `now`. */
export function windowStart(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - RETENTION_MONTHS);
  return d;
}

function encodeCursor(startedAt: string, id: string): string {
  return Buffer.from(`${startedAt}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!startedAt || !id || Number.isNaN(Date.parse(startedAt))) throw new CallRecordQueryError('not a cursor this API gave out');
  return { startedAt, id };
}

type Db = Kysely<object>;

/** Past this many matching callers (all tenants), the newest-first scan finds a page sooner than the index. */
const TRIGRAM_RARE = 5000;

/**
 * SQLite: whether the trigram index (migration 202612080150) should answer a caller search. It
 * serves 3+ digits only (1–2 have no trigram), and pays off for rare digits: a common run (every
 * mobile holds "139") would make it list every record, while the ordered scan's LIKE finds a page of
 * them at once. A bounded probe of the index tells the two apart. PostgreSQL's planner makes the
 * same choice itself with pg_trgm.
 */
async function useCallerIndex(db: Db, digits: string): Promise<boolean> {
  if (digits.length < 3 || dialectOf(db) !== 'sqlite') return false;
  const probe = await sql<{ n: number }>`select count(*) as n from (select rowid from call_records_caller_fts where caller_number like ${`%${digits}%`} limit ${TRIGRAM_RARE + 1})`.execute(db);
  return Number(probe.rows[0]?.n ?? 0) <= TRIGRAM_RARE;
}

async function filtered(db: Db, tenantId: string, f: CallRecordFilter, now: Date) {
  const floor = windowStart(now);
  const from = f.from && f.from > floor ? f.from : floor;
  let q = callRecordTables(db).selectFrom('call_records').selectAll().where('tenant_id', '=', tenantId).where('started_at', '>=', toDbTimestamp(from));
  if (f.to) q = q.where('started_at', '<', toDbTimestamp(f.to));
  if (f.number400) q = q.where('number_400', '=', f.number400);
  if (f.caller) {
    if (!/^\+?\d{1,20}$/.test(f.caller)) throw new CallRecordQueryError('caller must be digits');
    const digits = f.caller.replace(/^\+/, '');
    if (await useCallerIndex(db, digits)) {
      q = q.where(sql<boolean>`call_records.rowid in (select rowid from call_records_caller_fts where caller_number like ${`%${digits}%`})`);
    } else q = q.where('caller_number', 'like', `%${digits}%`);
  }
  if (f.outcomes && f.outcomes.length > 0) q = q.where('outcome', 'in', [...f.outcomes]);
  if (f.region) {
    const region = f.region;
    q = q.where((eb) => eb.or([eb('caller_province', '=', region), eb('caller_city', '=', region)]));
  }
  return q;
}

export async function queryCallRecords(db: Db, tenantId: string, f: CallRecordFilter, page: { limit: number; cursor?: string; now: Date }): Promise<CallRecordPage> {
  let q = await filtered(db, tenantId, f, page.now);
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    q = q.where((eb) => eb.or([eb('started_at', '<', c.startedAt), eb.and([eb('started_at', '=', c.startedAt), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit).map(toCallRecord);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.startedAt, last.id) : null };
}

/** How many records match (an export's total, for its progress). */
export async function countCallRecords(db: Db, tenantId: string, f: CallRecordFilter, now: Date): Promise<number> {
  const row = await (await filtered(db, tenantId, f, now)).clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
