// RFC 4733 §3.2 event codes of the DTMF events: 0–9, * = 10, # = 11, A–D = 12–15, flash = 16
// (shown as 'F', as the MediaEngine's DtmfEvent does).

const DIGITS = '0123456789*#ABCDF';

/** The digit of a DTMF event code, or undefined for codes that are not DTMF (e.g. modem tones). */
export function eventToDigit(event: number): string | undefined {
  return Number.isInteger(event) && event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** The event code of a digit (case-insensitive), or undefined. */
export function digitToEvent(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i >= 0 ? i : undefined;
}
