/** How a policy names a bound phone: as stored (`+8613800138000`, `1001`) or in national form. */
import { nationalForm, samePhoneNumber, toE164 } from '../phone/phone-number.ts';
import type { BoundPhone } from './bound-phone.ts';

export function phoneMatches(ref: string, phone: BoundPhone): boolean {
  return ref === phone.target || (phone.kind === 'pstn' && samePhoneNumber(ref, phone.target));
}

/** A forwarding number as typed (`13900000001`, `010…`, `+86…`) in E.164. */
export function forwardingE164(n: string): string {
  return toE164(n) ?? n;
}

/** What the call record stores as the answering number of a bound phone (see number-router): a PSTN phone in national form. */
export function answeringKey(phone: BoundPhone): string {
  return phone.kind === 'sip' ? phone.target : nationalForm(phone.target);
}
