/**
 * Which numbers a tenant's calls may go out to through a trunk (issue 11 finding 5, toll fraud):
 * domestic Chinese numbers, plus the countries the operator allowed for the tenant, never premium
 * or satellite ranges — the destinations a fraudster forwards a hijacked number to. Pure.
 */
import { boundedMemo } from '../kernel/bounded-memo.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The home country: always reachable (unless premium). */
export const DOMESTIC_COUNTRY_CODE = '86';

/**
 * Refused for every tenant whatever the operator allowed: satellite and global networks (+881
 * GMSS satellite, +882/+883 international networks, +870 Inmarsat), international premium rate
 * (+979) and shared cost (+808); NANP premium (+1 900, +1 976); China's paid voice-information
 * services (声讯台, 160/168 numbers).
 */
export const ALWAYS_REFUSED_PREFIXES: readonly string[] = ['+881', '+882', '+883', '+870', '+979', '+808', '+1900', '+1976', '+86160', '+86168'];

/** libphonenumber types that bill the caller a premium, refused in any country. */
const PREMIUM_TYPES = new Set(['PREMIUM_RATE', 'SHARED_COST']);

export type DestinationVerdict = { allowed: true; countryCode: string; international: boolean } | { allowed: false; why: 'premium' | 'country' | 'invalid'; message: string };

/** A country calling code as the operator writes it: `1`, `852`, `+44` → `44`. */
export function normalizeCountryCode(code: string): string | undefined {
  const digits = code.trim().replace(/^\+/, '');
  return /^[1-9]\d{0,2}$/.test(digits) ? digits : undefined;
}

export function destinationVerdict(e164: string, allowedCountryCodes: readonly string[]): DestinationVerdict {
  const prefix = ALWAYS_REFUSED_PREFIXES.find((p) => e164.startsWith(p));
  if (prefix) return { allowed: false, why: 'premium', message: `${e164} is in a premium or satellite range (${prefix}), never reachable` };
  const parsed = classify(e164);
  if (!parsed) return { allowed: false, why: 'invalid', message: `${e164} is not a phone number` };
  const { type, countryCode } = parsed;
  if (type !== undefined && PREMIUM_TYPES.has(type)) return { allowed: false, why: 'premium', message: `${e164} is a premium-rate number (${type}), never reachable` };
  if (countryCode === DOMESTIC_COUNTRY_CODE) return { allowed: true, countryCode, international: false };
  if (!allowedCountryCodes.includes(countryCode)) return { allowed: false, why: 'country', message: `${e164}: calls to +${countryCode} are not allowed for this tenant (the operator allows countries per tenant)` };
  return { allowed: true, countryCode, international: true };
}

interface Classified {
  type: string | undefined;
  countryCode: string;
}

// Remembered per number (bounded): every outbound leg asks, and libphonenumber's parse + getType
// cost ≈ 0.1 ms on the INVITE path; what a number is never changes (the tenant's allowed countries
// are applied after, uncached).
const classify = boundedMemo(50_000, (e164): Classified | undefined => {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? { type: parsed.getType(), countryCode: parsed.countryCallingCode } : undefined;
});
