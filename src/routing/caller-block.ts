/**
 * R6: whether a caller is refused before anything rings — anonymous callers, a blacklist by full
 * number, number segment (prefix) or area code, and allow-only or deny lists of regions.
 */
import type { CallerInfo } from '../phone/caller-info.ts';
import { cleanDialString } from '../phone/phone-number.ts';
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

/** The caller's number in the forms a cleaned blacklist entry takes: national significant number, with trunk 0, or international digits. */
export function numberForms(caller: CallerInfo): string[] {
  if (!caller.number.startsWith('+86')) return [caller.number.replace(/^\+/, '')];
  const nsn = caller.number.slice(3);
  return caller.kind === 'mobile' ? [nsn] : [nsn, `0${nsn}`];
}

/** Normalises a typed entry (`+86 138…`, `0086…`, `010-…`) to digits with an optional leading +. */
export function cleanEntry(entry: string): string {
  const s = cleanDialString(entry);
  return s.startsWith('+86') ? s.slice(3) : s.replace(/^\+/, '');
}

type Blocking = NonNullable<NumberPolicy['blocking']>;

interface CompiledBlocking {
  numbers: Set<string>;
  prefixes: string[];
  areaCodes: Set<string>;
}

/** Lists cleaned once per policy object (policies are immutable data; the store reuses parsed ones). */
const compiledLists = new WeakMap<Blocking, CompiledBlocking>();

function compiled(b: Blocking): CompiledBlocking {
  let c = compiledLists.get(b);
  if (!c) {
    c = { numbers: new Set((b.numbers ?? []).map(cleanEntry)), prefixes: (b.prefixes ?? []).map(cleanEntry), areaCodes: new Set(b.areaCodes ?? []) };
    compiledLists.set(b, c);
  }
  return c;
}

export function blockVerdict(policy: NumberPolicy, caller: CallerInfo, raw: string): BlockVerdict | undefined {
  const b = policy.blocking;
  if (!b) return undefined;
  const status = b.status ?? 603;
  if (isAnonymous(raw)) return b.anonymous ? { rule: 'anonymous', reason: 'Anonymous Calls Not Accepted', status } : undefined;
  const lists = compiled(b);
  const forms = numberForms(caller);
  if (forms.some((f) => lists.numbers.has(f))) return { rule: 'number', reason: 'Caller Blocked', status };
  if (lists.prefixes.some((p) => forms.some((f) => f.startsWith(p)))) return { rule: 'prefix', reason: 'Caller Blocked', status };
  if (caller.areaCode && lists.areaCodes.has(caller.areaCode)) return { rule: 'area-code', reason: 'Caller Region Blocked', status };
  if (b.regions) {
    const inside = inAnyRegion(b.regions.regions, caller);
    if (b.regions.mode === 'deny' && inside) return { rule: 'region-deny', reason: 'Caller Region Blocked', status };
    // Allow-only: a caller whose region is unknown cannot show it is allowed.
    if (b.regions.mode === 'allow' && !inside) return { rule: 'region-not-allowed', reason: 'Caller Region Not Served', status };
  }
  return undefined;
}
