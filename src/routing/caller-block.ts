/**
 * R6: whether a caller is refused before anything rings — anonymous callers, a blacklist by full
 * number, number segment (prefix) or area code, and allow-only or deny lists of regions.
 */
import type { CallerInfo } from '../phone/caller-info.ts';
import type { NumberPolicy } from './number-policy.ts';
import { inAnyRegion } from './region-match.ts';

export type BlockRule = 'anonymous' | 'number' | 'prefix' | 'area-code' | 'region-deny' | 'region-not-allowed';

export interface BlockVerdict {
  rule: BlockRule;
  /** What the caller is told in the SIP reason phrase (printable ASCII). */
  reason: string;
  status: 603 | 403;
}

/** A caller who withheld the number: no digits at all (`anonymous`, `Restricted`, empty). */
export function isAnonymous(raw: string): boolean {
  return !/\d{3,}/.test(raw);
}

/** The forms a blacklist entry may be written in: E.164, national significant number, with trunk 0. */
export function numberForms(caller: CallerInfo): string[] {
  const forms = [caller.number];
  if (caller.number.startsWith('+86')) {
    const nsn = caller.number.slice(3);
    forms.push(nsn);
    if (caller.kind !== 'mobile') forms.push(`0${nsn}`);
  }
  return forms;
}

/** Normalises a typed entry (`+86 138…`, `0086…`, `010-…`) to digits with an optional leading +. */
export function cleanEntry(entry: string): string {
  const s = entry.replace(/[\s\-()]/g, '').replace(/^00/, '+');
  return s.startsWith('+86') ? s.slice(3) : s.replace(/^\+/, '');
}

export function blockVerdict(policy: NumberPolicy, caller: CallerInfo, raw: string): BlockVerdict | undefined {
  const b = policy.blocking;
  if (!b) return undefined;
  const status = b.status ?? 603;
  const verdict = (rule: BlockRule, reason: string): BlockVerdict => ({ rule, reason, status });
  if (isAnonymous(raw)) return b.anonymous ? verdict('anonymous', 'Anonymous Calls Not Accepted') : undefined;
  const forms = numberForms(caller).map(cleanEntry);
  if (b.numbers?.some((n) => forms.includes(cleanEntry(n)))) return verdict('number', 'Caller Blocked');
  if (b.prefixes?.some((p) => forms.some((f) => f.startsWith(cleanEntry(p))))) return verdict('prefix', 'Caller Blocked');
  if (caller.areaCode && b.areaCodes?.includes(caller.areaCode)) return verdict('area-code', 'Caller Region Blocked');
  if (b.regions) {
    const inside = inAnyRegion(b.regions.regions, caller);
    if (b.regions.mode === 'deny' && inside) return verdict('region-deny', 'Caller Region Blocked');
    // Allow-only: a caller whose region is unknown cannot show it is allowed.
    if (b.regions.mode === 'allow' && !inside) return verdict('region-not-allowed', 'Caller Region Not Served');
  }
  return undefined;
}
