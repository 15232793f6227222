/**
 * Rate plans: what a tenant pays. Money is an integer count of li (0.001 CNY); a rate is li per
 * billing unit of 6 s or 60 s, one rate per call type. Call types are data (the operator may add
 * new ones), the names below are the ones the platform itself posts.
 */

export const BILLING_UNITS = [6, 60] as const;
export type BillingUnitSeconds = (typeof BILLING_UNITS)[number];

/** Call types the call path rates; a plan may price more. */
export const KNOWN_CALL_TYPES = [
  'inbound_agent',
  'inbound_forward_mobile',
  'inbound_forward_landline',
  'inbound_forward_international',
  'outbound_mobile',
  'outbound_landline',
  'outbound_international',
] as const;

/** A call type name: lower-case words joined by underscores. */
export const CALL_TYPE_PATTERN = '^[a-z][a-z0-9_]{0,47}$';

export interface RatePlan {
  readonly id: string;
  readonly name: string;
  readonly billingUnitSeconds: BillingUnitSeconds;
  /** li per billing unit, by call type. */
  readonly rates: Readonly<Record<string, number>>;
  /** li charged each month the plan is assigned. */
  readonly monthlyFeeLi: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RatePlanInput {
  readonly name: string;
  readonly billingUnitSeconds: BillingUnitSeconds;
  readonly rates: Readonly<Record<string, number>>;
  readonly monthlyFeeLi: number;
}
