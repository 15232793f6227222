/**
 * Rates a closed call record and books its charge, inside the caller's transaction: the record's
 * cost and the ledger entry (reference = call id, so at most one per call, also across restarts)
 * commit together with the close, or not at all.
 */
import type { Kysely } from 'kysely';
import { chargeCall } from '../billing/charge-call.ts';
import { callRecordTables } from './call-record-store.ts';
import type { ClosedRecord } from './call-record-store.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { ratePlanForCall } from './number-rate-plan.ts';

export interface CallChargeResult {
  tenantId: string;
  /** li booked (0 for a call nobody answered or that could not be rated). */
  chargeLi: number;
  /** Why nothing was booked for an answered call, when so. */
  note: string | null;
}

type Db = Kysely<object>;

const updateBilling = new PreparedQuery((db, p) =>
  callRecordTables(db).updateTable('call_records').set({ cost_li: p<number>('costLi'), billing_note: p<string | null>('note') }).where('id', '=', p('id')),
);

/** Call inside the transaction that closed the record; `at` is when the charge is booked. */
export async function chargeEndedCall(db: Db, callId: string, at: Date): Promise<CallChargeResult | undefined> {
  const rec = await callRecordTables(db)
    .selectFrom('call_records')
    .select(['tenant_id', 'number_400', 'answered_at', 'talk_seconds', 'call_type', 'outcome'])
    .where('id', '=', callId)
    .executeTakeFirst();
  return rec && chargeClosedRecord(db, callId, rec, at);
}

/** The same for a record the caller has just closed and read back (`closeCallRecord`). */
export async function chargeClosedRecord(db: Db, callId: string, rec: ClosedRecord, at: Date): Promise<CallChargeResult | undefined> {
  if (rec.outcome === null) return undefined;
  // Nobody answered: nothing to rate (P2: a missed call costs nothing).
  if (rec.answered_at === null) return { tenantId: rec.tenant_id, chargeLi: 0, note: null };
  const plan = await ratePlanForCall(db, rec.tenant_id, rec.number_400);
  const callType = rec.call_type ?? 'inbound_forward_landline';
  let note: string | null = null;
  if (plan === undefined) note = 'neither the number nor the tenant has a rate plan';
  else if (!Object.hasOwn(plan.rates, callType)) note = `the rate plan ${plan.name} has no rate for ${callType}`;
  if (note !== null) {
    await updateBilling.execute(db, { id: callId, costLi: 0, note });
    return { tenantId: rec.tenant_id, chargeLi: 0, note };
  }
  const charge = await chargeCall(db, { tenantId: rec.tenant_id, callId, talkSeconds: Number(rec.talk_seconds), callType, ratePlan: plan }, 'system', at);
  await updateBilling.execute(db, { id: callId, costLi: charge.chargeLi, note: null });
  return { tenantId: rec.tenant_id, chargeLi: charge.chargeLi, note: null };
}
