/** Checks and normalises a rate plan before it is stored. Throws `BillingError('INVALID_RATE_PLAN')`. */
import { BillingError } from './billing-error.ts';
import { BILLING_UNITS, CALL_TYPE_PATTERN } from './rate-plan.ts';
import type { RatePlanInput } from './rate-plan.ts';

export const RATE_PLAN_NAME_PATTERN = '^[^\\s](?:.{0,98}[^\\s])?$';
/** 1 000 000 CNY per unit: far above any real rate, far below 2^53 once multiplied by units. */
export const MAX_RATE_LI = 1_000_000_000;
export const MAX_MONTHLY_FEE_LI = 1_000_000_000_000;
export const MAX_CALL_TYPES = 50;
const NAME = new RegExp(RATE_PLAN_NAME_PATTERN, 'u');
const CALL_TYPE = new RegExp(CALL_TYPE_PATTERN);

function invalid(message: string): never {
  throw new BillingError('INVALID_RATE_PLAN', message);
}

function isLi(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= max;
}

export function normaliseRatePlanInput(input: RatePlanInput): RatePlanInput {
  if (!NAME.test(input.name)) invalid('name must be 1–100 characters without surrounding blanks');
  if (!BILLING_UNITS.includes(input.billingUnitSeconds)) invalid(`billing unit must be one of ${BILLING_UNITS.join(', ')} seconds`);
  if (!isLi(input.monthlyFeeLi, MAX_MONTHLY_FEE_LI)) invalid('monthly fee must be a whole, non-negative number of li');
  const entries = Object.entries(input.rates);
  if (entries.length > MAX_CALL_TYPES) invalid(`at most ${MAX_CALL_TYPES} call types`);
  const rates: Record<string, number> = {};
  for (const [callType, li] of entries.sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!CALL_TYPE.test(callType)) invalid(`'${callType.slice(0, 48)}' is not a call type name (lower-case words joined by _)`);
    if (!isLi(li, MAX_RATE_LI)) invalid(`the rate for ${callType} must be a whole, non-negative number of li up to ${MAX_RATE_LI}`);
    rates[callType] = li;
  }
  return { name: input.name, billingUnitSeconds: input.billingUnitSeconds, monthlyFeeLi: input.monthlyFeeLi, rates };
}
