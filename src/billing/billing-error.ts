/** Coded failures of the billing domain; `code` is stable and the API maps it to a status. */
export type BillingErrorCode =
  | 'invalid_amount'
  | 'invalid_rate_plan'
  | 'rate_missing'
  | 'rate_plan_not_found'
  | 'rate_plan_in_use'
  | 'no_rate_plan'
  | 'ledger_conflict'
  | 'invalid_period'
  | 'tenant_not_found';

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}
