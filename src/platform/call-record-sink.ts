/**
 * Call control's call records, written to the database (the B2BUA knows no tables): opened at
 * arrival, marked at answer, and closed, rated and charged in one transaction at the end.
 */
import type { Kysely } from 'kysely';
import type { CallRecordSink } from '../calls/b2bua.ts';
import { markCallAnswered, openCallRecord } from '../cdr/call-record-store.ts';
import { closeAndCharge } from '../cdr/close-and-charge.ts';
import type { CallChargeResult } from '../cdr/charge-ended-call.ts';

export interface CallRecordSinkOptions {
  /** After the close committed (the prepaid gate follows the balance; a note is logged). */
  onCharged?(callId: string, charge: CallChargeResult): void;
}

export function databaseCallRecords(db: Kysely<object>, opts: CallRecordSinkOptions = {}): CallRecordSink {
  return {
    open: (start) => openCallRecord(db, start),
    answered: async (id, answer) => {
      await markCallAnswered(db, id, answer);
    },
    close: async (id, end) => {
      const charge = await closeAndCharge(db, id, end);
      if (charge) opts.onCharged?.(id, charge);
    },
  };
}
