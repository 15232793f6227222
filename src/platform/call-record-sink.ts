/** Call control's call records, written to the database (the B2BUA knows no tables). */
import type { Kysely } from 'kysely';
import type { CallRecordSink } from '../calls/b2bua.ts';
import { closeCallRecord, openCallRecord } from '../cdr/call-record-store.ts';

export function databaseCallRecords(db: Kysely<object>): CallRecordSink {
  return {
    open: (start) => openCallRecord(db, start),
    close: async (id, end) => {
      await closeCallRecord(db, id, end);
    },
  };
}
