/**
 * A refusal of the billing domain. `statusCode` follows HTTP so the API passes it through as
 * `{ code, message, details }`; the call path logs `code: message`.
 */
export type BillingErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_RATE_PLAN'
  | 'RATE_MISSING'
  | 'INVALID_PERIOD'
  | 'RATE_PLAN_NOT_FOUND'
  | 'TENANT_NOT_FOUND'
  | 'NO_RATE_PLAN'
  | 'RATE_PLAN_IN_USE'
  | 'RATE_PLAN_NAME_TAKEN'
  | 'LEDGER_CONFLICT';

const STATUS: Record<BillingErrorCode, number> = {
  INVALID_AMOUNT: 422,
  INVALID_RATE_PLAN: 422,
  RATE_MISSING: 422,
  INVALID_PERIOD: 422,
  RATE_PLAN_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  NO_RATE_PLAN: 404,
  RATE_PLAN_IN_USE: 409,
  RATE_PLAN_NAME_TAKEN: 409,
  LEDGER_CONFLICT: 409,
};

export class BillingError extends Error {
  readonly statusCode: number;
  readonly details = null;
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
    this.statusCode = STATUS[code];
  }
}
