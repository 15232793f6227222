/**
 * What routing reads back from a number's call records: who last answered a caller (call memory,
 * R14) and when each phone last finished a call (longest-idle, R2). Answering numbers are as the
 * records keep them (national PSTN form or SIP username).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import type { CallRecordsTable } from './call-record-store.ts';

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<CallRecordsTable>();

/** The answering number of the caller's latest answered call to the number since `since`. */
export async function lastAnsweredBy(db: Db, tenantId: string, number400: string, callerNumber: string, since: Date): Promise<string | undefined> {
  const row = await tables(db)
    .selectFrom('call_records')
    .select('answering_number')
    .where('number_400', '=', number400)
    .where('caller_number', '=', callerNumber)
    .where('tenant_id', '=', tenantId)
    .where('outcome', '=', 'answered')
    .where('answering_number', 'is not', null)
    .where('started_at', '>=', toDbTimestamp(since))
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.answering_number ?? undefined;
}

/**
 * When each phone last finished an answered call to the number, from the latest `window` answered
 * calls (bounded work per call; a phone absent from them has been idle longer than all present).
 */
export async function lastCallEnds(db: Db, tenantId: string, number400: string, window = 200): Promise<Map<string, number>> {
  const rows = await tables(db)
    .selectFrom('call_records')
    .select(['answering_number', 'ended_at'])
    .where('number_400', '=', number400)
    .where('tenant_id', '=', tenantId)
    .where('outcome', '=', 'answered')
    .orderBy('started_at', 'desc')
    .limit(window)
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!r.answering_number || !r.ended_at) continue;
    const t = Date.parse(r.ended_at);
    if (t > (out.get(r.answering_number) ?? Number.NEGATIVE_INFINITY)) out.set(r.answering_number, t);
  }
  return out;
}
