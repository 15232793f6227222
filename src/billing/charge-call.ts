/**
 * Rates an ended call on the tenant's plan and books the charge, once: the call id is the ledger
 * reference, so a CDR replayed after a crash is not charged twice.
 */
import type { Kysely } from 'kysely';
import { BillingError } from './billing-error.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { bookLedgerEntryOnce, findLedgerEntry } from './ledger-store.ts';
import { rateCall } from './rate-call.ts';
import { getTenantRatePlan } from './rate-plan-store.ts';
import type { RatePlan } from './rate-plan.ts';

export interface ChargeCallInput {
  readonly tenantId: string;
  /** The call's id (CDR id): the ledger reference. */
  readonly callId: string;
  readonly talkSeconds: number;
  readonly callType: string;
  /** The plan to rate on when not the tenant's (a 400 number's own plan). */
  readonly ratePlan?: RatePlan;
}

export interface CallCharge {
  readonly entry: LedgerEntry;
  /** Billing units rated now; null for a replay (the first rating stands, see the entry's note). */
  readonly units: number | null;
  readonly chargeLi: number;
  /** false when the call had already been charged (nothing new was booked). */
  readonly created: boolean;
}

export async function chargeCall(db: Kysely<object>, input: ChargeCallInput, by = 'system', at = new Date()): Promise<CallCharge> {
  const plan = input.ratePlan ?? (await getTenantRatePlan(db, input.tenantId));
  if (plan === undefined) {
    // No plan now: a replay still finds the charge booked while there was one.
    const booked = await findLedgerEntry(db, 'call_charge', input.callId);
    if (booked === undefined) throw new BillingError('NO_RATE_PLAN', 'the tenant has no rate plan');
    return replayed(booked, input);
  }
  const { units, chargeLi } = rateCall({ talkSeconds: input.talkSeconds, plan, callType: input.callType });
  const note = `${units} × ${plan.billingUnitSeconds} s ${input.callType} @ ${plan.rates[input.callType] ?? 0} li (${plan.name})`;
  const { entry, created } = await bookLedgerEntryOnce(db, { tenantId: input.tenantId, kind: 'call_charge', amountLi: -chargeLi, reference: input.callId, note }, by, at);
  // A replay keeps the booked charge, even if the plan has changed since.
  if (!created) return replayed(entry, input);
  return { entry, units, chargeLi: -entry.amountLi, created };
}

function replayed(booked: LedgerEntry, input: ChargeCallInput): CallCharge {
  if (booked.tenantId !== input.tenantId) throw new BillingError('LEDGER_CONFLICT', `call ${input.callId} is charged to another tenant`);
  return { entry: booked, units: null, chargeLi: -booked.amountLi, created: false };
}
