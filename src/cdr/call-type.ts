/**
 * The rate plan call type of an answered inbound call, from who answered: a registered SIP user
 * (an agent on the platform) or a PSTN phone reached back through a trunk, mobile or landline.
 * The names are billing's `KNOWN_CALL_TYPES`.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AttemptRecord } from './call-record.ts';

export function callTypeOf(kind: AttemptRecord['kind'], answeringNumber: string): string {
  if (kind === 'sip') return 'inbound_agent';
  const parsed = parsePhoneNumberFromString(answeringNumber, 'CN');
  return parsed?.getType() === 'MOBILE' ? 'inbound_forward_mobile' : 'inbound_forward_landline';
}
