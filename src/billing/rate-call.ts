/**
 * Rating one call: talk time is rounded up to whole billing units (a started unit is a whole
 * unit, as Chinese carriers bill), a call with no talk time costs nothing. Pure and integer-only.
 */
import { BillingError } from './billing-error.ts';
import type { RatePlan } from './rate-plan.ts';

export interface RateCallInput {
  /** Seconds from answer to hang-up; may carry a fraction (a started unit still counts). */
  readonly talkSeconds: number;
  readonly plan: Pick<RatePlan, 'billingUnitSeconds' | 'rates'>;
  readonly callType: string;
}

export interface CallRating {
  readonly units: number;
  readonly chargeLi: number;
}

/** The call type suffix of a first-unit rate: `inbound_forward_mobile_first` prices unit one. */
export const FIRST_UNIT_SUFFIX = '_first';

export function rateCall({ talkSeconds, plan, callType }: RateCallInput): CallRating {
  if (!Number.isFinite(talkSeconds) || talkSeconds < 0) {
    throw new BillingError('INVALID_AMOUNT', `talk time must be a non-negative number of seconds, got ${talkSeconds}`);
  }
  const rate = Object.hasOwn(plan.rates, callType) ? plan.rates[callType] : undefined;
  if (rate === undefined) throw new BillingError('RATE_MISSING', `the rate plan has no rate for call type '${callType}'`);
  const units = Math.ceil(talkSeconds / plan.billingUnitSeconds);
  // A plan may price the first unit apart (e.g. a connection minute): `<call type>_first`.
  const first = Object.hasOwn(plan.rates, `${callType}${FIRST_UNIT_SUFFIX}`) ? plan.rates[`${callType}${FIRST_UNIT_SUFFIX}`] : undefined;
  const chargeLi = units === 0 ? 0 : (first ?? rate) + (units - 1) * rate;
  if (!Number.isSafeInteger(chargeLi)) throw new BillingError('INVALID_AMOUNT', `charge overflows: ${units} × ${rate} li`);
  return { units, chargeLi };
}
