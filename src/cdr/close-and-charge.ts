/**
 * The end of a call in one transaction: the record is closed with its legs, rated, and its charge
 * posted to the ledger. Either all of it is durable or none of it (DESIGN: nothing is lost; a
 * call is charged once and only once).
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import type { CallRecordEnd } from './call-record.ts';
import { closeCallRecord } from './call-record-store.ts';
import { chargeClosedRecord } from './charge-ended-call.ts';
import type { CallChargeResult } from './charge-ended-call.ts';

/** undefined when the record was already closed (nothing new was written). */
export async function closeAndCharge(db: Kysely<object>, id: string, end: CallRecordEnd): Promise<CallChargeResult | undefined> {
  return withTransaction(db, async (trx) => {
    const closed = await closeCallRecord(trx, id, end);
    return closed && chargeClosedRecord(trx, id, closed, end.endedAt);
  });
}
