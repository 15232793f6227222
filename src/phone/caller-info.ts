/**
 * What the platform knows about a calling number: its E.164 form, whether it is a mobile or a
 * landline, the landline's area code and the province/city it is attributed to. Parsing and
 * attribution come from libphonenumber (DESIGN.md: no hand-written number tables).
 */
import { cleanDialString, parsePhone } from './phone-number.ts';
import { geocode } from './geocode-table.ts';
import { splitChineseRegion } from './region-name.ts';

export interface CallerInfo {
  /** E.164 (`+8613800138000`) when the number parses, otherwise the digits as received. */
  number: string;
  valid: boolean;
  kind: 'mobile' | 'landline' | 'other' | 'unknown';
  /** Landline area code with its trunk prefix (`010`, `0755`); undefined for mobiles. */
  areaCode?: string;
  province?: string;
  city?: string;
}

/** Numbers arrive from carriers as `13800138000`, `+86…`, `86…`, `0086…`, `010-1234 5678`. */
export async function describeCaller(raw: string): Promise<CallerInfo> {
  const parsed = parsePhone(raw);
  if (!parsed) return { number: cleanDialString(raw), valid: false, kind: 'unknown' };
  const type = parsed.getType();
  const kind = type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? 'landline' : parsed.isValid() ? 'other' : 'unknown';
  const info: CallerInfo = { number: parsed.number, valid: parsed.isValid(), kind };
  if (parsed.countryCallingCode === '86' && kind === 'landline') info.areaCode = chineseAreaCode(parsed.nationalNumber);
  if (info.valid) {
    const place = await geocode(parsed.countryCallingCode, parsed.nationalNumber, 'zh');
    if (place) Object.assign(info, splitChineseRegion(place));
  }
  return info;
}

/** Beijing (10) and the 2x cities have two-digit area codes; every other Chinese area code has three. */
function chineseAreaCode(national: string): string {
  return `0${/^(10|2\d)/.test(national) ? national.slice(0, 2) : national.slice(0, 3)}`;
}
