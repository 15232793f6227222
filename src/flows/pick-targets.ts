/**
 * R10: a menu group names bound phones as routing stores them (`+8613800138000`, `13800138000`,
 * a SIP username); the group rings those of the call's targets, in the group's order.
 */
import type { DialTarget } from '../calls/ports.ts';

/** National significant digits of a Chinese number: +86 / 0086 / 86 prefix dropped. */
function nsn(n: string): string {
  const d = n.replace(/[^0-9]/g, '');
  return d.replace(/^(0086|86)(?=1\d{10}$|[2-9]\d{6,}$)/, '').replace(/^0(?=[1-9])/, '');
}

function matches(t: DialTarget, phone: string): boolean {
  if (t.kind === 'sip') return t.username === phone;
  return nsn(t.number) === nsn(phone);
}

export function pickTargets(targets: readonly DialTarget[], phones: readonly string[]): DialTarget[] {
  const out: DialTarget[] = [];
  for (const p of phones) {
    const t = targets.find((x) => matches(x, p));
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}
