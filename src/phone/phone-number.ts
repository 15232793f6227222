/**
 * The one phone-number normaliser (on libphonenumber): numbers as carriers send them and as users
 * type them (`13800138000`, `+86 138…`, `86…`, `0086…`, `010-1234 5678`) become E.164
 * (`+8613800138000`), which is how the platform keeps and compares them; `nationalForm` gives the
 * form Chinese carriers dial. Chinese by default: a number without a country code is read as one.
 */
import { boundedMemo } from '../kernel/bounded-memo.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneNumber } from 'libphonenumber-js/max';

/** Separators dropped and an international `00` prefix written as `+`. */
export function cleanDialString(raw: string): string {
  return raw.replace(/[\s\-()]/g, '').replace(/^00/, '+');
}

/** The parsed number, or undefined when `raw` is not a phone number at all (a name, `anonymous`). */
export function parsePhone(raw: string): PhoneNumber | undefined {
  const cleaned = cleanDialString(raw);
  // `86…` with a Chinese number's length after it is the country code written without its +.
  const withPlus = /^86\d{9,12}$/.test(cleaned) ? `+${cleaned}` : cleaned;
  return /^\+?\d{3,20}$/.test(withPlus) ? parsePhoneNumberFromString(withPlus, 'CN') : undefined;
}

/** E.164 of a number as received or typed; undefined when it is not a phone number. */
export function toE164(raw: string): string | undefined {
  return parsePhone(raw)?.number;
}

/** Whether two numbers, each as received or typed, are the same phone number. */
export function samePhoneNumber(a: string, b: string): boolean {
  const x = toE164(a);
  return x !== undefined && x === toE164(b);
}


/**
 * How a Chinese carrier takes the number in a Request-URI: mobiles as their 11 digits, landlines
 * with the trunk prefix (`01012345678`). A number of another country stays E.164.
 */
export function nationalForm(e164: string): string {
  return nationalForms(e164);
}

// Remembered (bounded): the router takes the national form of every bound phone on every call,
// and libphonenumber's parse + format cost ≈ 0.15 ms each time (bench/sip-cpu-per-call.ts).
const nationalForms = boundedMemo(50_000, (e164) => {
  const parsed = parsePhone(e164);
  return !parsed || parsed.countryCallingCode !== '86' ? e164 : parsed.format('NATIONAL').replace(/\D/g, '');
});

