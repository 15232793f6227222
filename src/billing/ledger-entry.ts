/**
 * The prepaid account's ledger: append-only entries of signed integer li. A balance is the sum of
 * a tenant's entries and is never stored; (kind, reference) is unique so a call, a fee month or a
 * payment is booked at most once however often it is posted.
 */

export const LEDGER_KINDS = ['top_up', 'call_charge', 'monthly_fee', 'minimum_spend_true_up', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Kinds that are spending (debits), as P3's daily totals count them. */
export const SPENDING_KINDS: readonly LedgerKind[] = ['call_charge', 'monthly_fee', 'minimum_spend_true_up'];

export interface LedgerEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: LedgerKind;
  /** Signed li: positive credits the account, negative debits it. */
  readonly amountLi: number;
  /** Unique per kind: the call id, `2026-11` for a monthly fee, a payment receipt… */
  readonly reference: string;
  readonly note: string | null;
  /** UTC ISO-8601. */
  readonly createdAt: string;
  /** Who posted it: a user id, or `system` for the call path. */
  readonly createdBy: string;
}

export interface LedgerEntryInput {
  readonly tenantId: string;
  readonly kind: LedgerKind;
  readonly amountLi: number;
  readonly reference: string;
  readonly note?: string | null;
}

/** Why an amount does not fit its kind, or undefined when it does. */
export function ledgerAmountProblem(kind: LedgerKind, amountLi: number): string | undefined {
  if (!Number.isSafeInteger(amountLi)) return 'amount must be a whole number of li';
  switch (kind) {
    case 'top_up':
      return amountLi > 0 ? undefined : 'a top-up must be positive';
    case 'call_charge':
      // A zero charge is still booked: it marks the call as rated.
      return amountLi <= 0 ? undefined : 'a call charge cannot be positive';
    case 'monthly_fee':
    case 'minimum_spend_true_up':
      return amountLi < 0 ? undefined : `a ${kind.replaceAll('_', ' ')} must be negative`;
    case 'adjustment':
      return amountLi !== 0 ? undefined : 'an adjustment cannot be zero';
  }
}
