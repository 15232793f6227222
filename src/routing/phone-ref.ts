/** How a policy names a bound phone: as stored (`+8613800138000`, `1001`) or in national form. */
import type { BoundPhone } from './bound-phone.ts';

export function phoneMatches(ref: string, phone: BoundPhone): boolean {
  if (ref === phone.target) return true;
  if (phone.kind !== 'pstn') return false;
  const digits = ref.replace(/[\s-]/g, '');
  const nsn = phone.target.startsWith('+86') ? phone.target.slice(3) : phone.target;
  return digits === nsn || digits === `0${nsn}` || digits === `86${nsn}` || digits === `0086${nsn}`;
}

/** A forwarding number as typed (`13900000001`, `010…`, `+86…`) in E.164. */
export function forwardingE164(n: string): string {
  if (n.startsWith('+')) return n;
  if (n.startsWith('0086')) return `+${n.slice(2)}`;
  return `+86${n.replace(/^0/, '')}`;
}

/** What the call record stores as the answering number of a bound phone (see number-router). */
export function answeringKey(phone: BoundPhone): string {
  if (phone.kind === 'sip' || !phone.target.startsWith('+86')) return phone.target;
  const nsn = phone.target.slice(3);
  return /^1[3-9]\d{9}$/.test(nsn) ? nsn : `0${nsn}`;
}
