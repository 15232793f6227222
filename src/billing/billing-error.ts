/** Coded failures of the billing domain; `code` is stable and the API maps it to a status. */
export type BillingErrorCode =
  | 'invalid_amount'
  | 'invalid_rate_plan'
  | 'rate_missing'
  | 'rate_plan_not_found'
  | 'rate_plan_in_use'
  | 'rate_plan_name_taken'
  | 'no_rate_plan'
  | 'ledger_conflict'
  | 'invalid_period'
  | 'tenant_not_found';

const KIND: Record<BillingErrorCode, 'invalid' | 'not_found' | 'conflict'> = {
  invalid_amount: 'invalid',
  invalid_rate_plan: 'invalid',
  rate_missing: 'invalid',
  invalid_period: 'invalid',
  rate_plan_not_found: 'not_found',
  tenant_not_found: 'not_found',
  no_rate_plan: 'not_found',
  rate_plan_in_use: 'conflict',
  rate_plan_name_taken: 'conflict',
  ledger_conflict: 'conflict',
};

export class BillingError extends Error {
  readonly kind: 'invalid' | 'not_found' | 'conflict';
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
    this.kind = KIND[code];
  }
}
