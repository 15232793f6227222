/**
 * Checks and normalises what a caller (API, `hotline import`) says about a tenant, before any
 * row is touched. Throws `TenantError('INVALID_TENANT')` with the first problem found.
 */
import { parseSocialCreditCode } from './social-credit-code.ts';
import { DEFAULT_TIME_ZONE, parseTimeZone } from './time-zone.ts';
import { TenantError } from './tenant-error.ts';
import type { TenantContact, TenantInput } from './tenant.ts';

export const TENANT_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const MAX_SEATS = 100_000;
const CODE = new RegExp(TENANT_CODE_PATTERN);
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export interface NormalTenantInput {
  readonly code: string;
  readonly name: string;
  readonly socialCreditCode: string | null;
  readonly contact: TenantContact;
  readonly seats: number;
  readonly timeZone: string;
}

function invalid(message: string): never {
  throw new TenantError('INVALID_TENANT', message);
}

function text(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > max) invalid(`${field} must be 1–${max} characters`);
  return trimmed;
}

export function normaliseContact(contact: TenantContact): TenantContact {
  const email = contact.email === null || contact.email.trim() === '' ? null : contact.email.trim();
  if (email !== null && !EMAIL.test(email)) invalid('contact e-mail is not an address');
  return { name: text(contact.name, 'contact name', 100), phone: text(contact.phone, 'contact phone', 32), email };
}

export function normaliseSeats(seats: number): number {
  if (!Number.isSafeInteger(seats) || seats < 0 || seats > MAX_SEATS) invalid(`seats must be a whole number 0–${MAX_SEATS}`);
  return seats;
}

export function normaliseTimeZone(zone: string): string {
  return parseTimeZone(zone) ?? invalid(`'${zone.slice(0, 64)}' is not an IANA time zone`);
}

export function normaliseSocialCreditCode(code: string | null): string | null {
  if (code === null || code.trim() === '') return null;
  return parseSocialCreditCode(code) ?? invalid('the unified social credit code is malformed or its check character is wrong');
}

export function normaliseTenantInput(input: TenantInput): NormalTenantInput {
  if (!CODE.test(input.code)) invalid('code must be 1–64 letters, digits, dots, dashes or underscores');
  return {
    code: input.code,
    name: text(input.name, 'name', 200),
    socialCreditCode: normaliseSocialCreditCode(input.socialCreditCode ?? null),
    contact: normaliseContact(input.contact),
    seats: normaliseSeats(input.seats ?? 0),
    timeZone: normaliseTimeZone(input.timeZone ?? DEFAULT_TIME_ZONE),
  };
}
