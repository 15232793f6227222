/**
 * A refusal of the billing domain. `statusCode` follows HTTP so the API passes it through as
 * `{ code, message, details }`; the call path logs `code: message`.
 */
import { CodedError } from '../kernel/coded-error.ts';
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

export class BillingError extends CodedError<BillingErrorCode> {
  declare readonly details: null;
  constructor(code: BillingErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
