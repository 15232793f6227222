/**
 * The call record as a durable subscriber of the call events (the B2BUA knows no tables): opened at
 * `call.created` (awaited before anything rings), a leg record at each attempt's `leg.created`,
 * marked at the first `call.bridged`, and closed, rated and charged in one transaction at
 * `call.ended`. After the commit the prepaid gate follows the balance, and a charge that takes it
 * below the tenant's low-balance level enqueues the low-balance alert (SMS/e-mail to the tenant
 * contact, once a day).
 */
import type { Kysely } from 'kysely';
import type { AttemptStart, CallAnswer, CallRecordEnd, CallRecordStart } from '../cdr/call-record.ts';
import type { DurableSubscriber } from '../events/event-bus.ts';
import { markCallAnswered, openCallRecord } from '../cdr/call-record-store.ts';
import { closeAndCharge } from '../cdr/close-and-charge.ts';
import { openCallLeg } from '../cdr/call-leg-store.ts';
import type { CallChargeResult } from '../cdr/charge-ended-call.ts';
import type { PrepaidGate } from '../cdr/prepaid-gate.ts';
import { enqueueTenantAlert } from '../notify/tenant-alert.ts';

/** The record's four writes, each awaited. */
export interface CallRecordSink {
  open(start: CallRecordStart): Promise<void>;
  /** A phone is about to be rung: its leg record is written then, so a crash still shows who was rung. */
  attemptStarted(id: string, attempt: AttemptStart): Promise<void>;
  /** A phone answered (written at once so a crash cannot lose the talk). */
  answered(id: string, answer: CallAnswer): Promise<void>;
  close(id: string, end: CallRecordEnd): Promise<void>;
}

/** The record's writes as the call's durable subscriber (event-bus.ts `subscribeDurable`). */
export function callRecordSubscriber(records: CallRecordSink): DurableSubscriber {
  return (d) => {
    switch (d.type) {
      case 'call.created':
        return records.open(d.facts);
      case 'leg.created':
        return records.attemptStarted(d.event.callId, d.facts);
      case 'call.bridged':
        return records.answered(d.event.callId, d.facts);
      case 'call.ended':
        return records.close(d.event.callId, d.facts.end);
    }
  };
}

export interface CallRecordSinkOptions {
  prepaid?: PrepaidGate;
  /** Wall clock for the alert's time (injectable). */
  now?(): Date;
  /** After the close committed (e.g. to log a call that could not be rated). */
  onCharged?(callId: string, charge: CallChargeResult): void;
  /** A low-balance alert that could not be enqueued (the call itself is safely closed). */
  onError?(err: unknown): void;
  /** After the close committed, for a call that left a recording (to make its MP3, C16). */
  onRecorded?(recordingPath: string): void;
}

export function databaseCallRecords(db: Kysely<object>, opts: CallRecordSinkOptions = {}): CallRecordSink {
  const now = opts.now ?? (() => new Date());
  const afterCharge = async (charge: CallChargeResult) => {
    const effect = opts.prepaid?.charged(charge.tenantId, charge.chargeLi);
    if (!effect?.crossedLowBalance) return;
    const at = now();
    await enqueueTenantAlert(db, {
      tenantId: charge.tenantId,
      template: 'low_balance',
      params: { balanceLi: effect.balanceLi, thresholdLi: effect.lowBalanceLi },
      dedupeKey: `low-balance:${charge.tenantId}:${at.toISOString().slice(0, 10)}`,
    }, at);
  };
  return {
    open: (start) => openCallRecord(db, start),
    attemptStarted: (id, attempt) => openCallLeg(db, id, attempt),
    answered: async (id, answer) => {
      await markCallAnswered(db, id, answer);
    },
    close: async (id, end) => {
      const charge = await closeAndCharge(db, id, end);
      if (end.recordingPath) opts.onRecorded?.(end.recordingPath);
      if (!charge) return;
      opts.onCharged?.(id, charge);
      await afterCharge(charge).catch((err: unknown) => opts.onError?.(err));
    },
  };
}
