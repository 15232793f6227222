/**
 * R8: a 400 number's monthly caps. Past either, new callers are refused (`over_cap`); the tenant is
 * alerted at 80 % and 100 % of each. Months are calendar months of the tenant's time zone.
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';

/** 10 million CNY: far above any real month, still a safe integer of li. */
export const MAX_MONTHLY_SPEND_LI = 10_000_000_000;
export const MAX_MONTHLY_CALLS = 100_000_000;

/** One schema for the API body and the import file's `caps` section. Absent or null → no cap of that kind. */
export const NumberCapsSchema = Type.Object(
  {
    monthlySpendLi: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_MONTHLY_SPEND_LI, description: 'Monthly spend cap in li (0.001 CNY)' }), Type.Null()])),
    monthlyCalls: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_MONTHLY_CALLS, description: 'Monthly cap on admitted calls' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type NumberCapsInput = Static<typeof NumberCapsSchema>;

export interface NumberCaps {
  monthlySpendLi: number | null;
  monthlyCalls: number | null;
}

export type CapKind = 'spend' | 'calls';

export class CapsError extends Error {
  constructor(
    readonly code: 'CAPS_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'CapsError';
  }
}

/** Validates an input (API or import) into stored caps; throws `CapsError` on a bad value. */
export function toNumberCaps(input: NumberCapsInput): NumberCaps {
  const check = (v: number | null | undefined, max: number, what: string): number | null => {
    if (v === undefined || v === null) return null;
    if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new CapsError('CAPS_INVALID', `${what} must be a whole number from 0 to ${max}`);
    return v;
  };
  return { monthlySpendLi: check(input.monthlySpendLi, MAX_MONTHLY_SPEND_LI, 'monthlySpendLi'), monthlyCalls: check(input.monthlyCalls, MAX_MONTHLY_CALLS, 'monthlyCalls') };
}
