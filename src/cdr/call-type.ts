/**
 * The rate plan call type of an answered inbound call, from who answered: a registered SIP user
 * (an agent on the platform) or a PSTN phone reached back through a trunk — a Chinese mobile or
 * landline, or any number abroad (`inbound_forward_international`, rated on its own: a call
 * forwarded abroad used to be rated as a domestic landline).
 * The names are billing's `KNOWN_CALL_TYPES`.
 */
import { parsePhone } from '../phone/phone-number.ts';
import type { AttemptRecord } from './call-record.ts';

// Answering numbers are the tenants' bound phones, a small set rung again and again, and
// libphonenumber's parse with full metadata costs ≈ 15–35 µs at each answer and close: remembered,
// bounded.
const MAX_REMEMBERED = 10_000;
const pstnTypes = new Map<string, string>();

export function callTypeOf(kind: AttemptRecord['kind'], answeringNumber: string): string {
  if (kind === 'sip') return 'inbound_agent';
  let type = pstnTypes.get(answeringNumber);
  if (type === undefined) {
    const parsed = parsePhone(answeringNumber);
    if (parsed !== undefined && parsed.countryCallingCode !== '86') type = 'inbound_forward_international';
    else type = parsed?.getType() === 'MOBILE' ? 'inbound_forward_mobile' : 'inbound_forward_landline';
    if (pstnTypes.size >= MAX_REMEMBERED) pstnTypes.clear();
    pstnTypes.set(answeringNumber, type);
  }
  return type;
}
