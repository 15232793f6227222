/**
 * R10: a menu group names bound phones as routing stores them (`+8613800138000`, `13800138000`,
 * a SIP username); the group rings those of the call's targets, in the group's order.
 */
import type { DialTarget } from '../calls/ports.ts';
import { samePhoneNumber } from '../phone/phone-number.ts';

function matches(t: DialTarget, phone: string): boolean {
  if (t.kind === 'sip') return t.username === phone;
  return samePhoneNumber(t.number, phone);
}

export function pickTargets(targets: readonly DialTarget[], phones: readonly string[]): DialTarget[] {
  const out: DialTarget[] = [];
  for (const p of phones) {
    const t = targets.find((x) => matches(x, p));
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}
