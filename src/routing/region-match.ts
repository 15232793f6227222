/**
 * Matching a caller's province/city (as the geocoder names them: `广东省`, `深圳市`) against the
 * regions a tenant typed, which may omit the administrative suffix (`广东`, `深圳`, `内蒙古`).
 */
import type { RegionRefValue } from './number-policy.ts';

const SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '自治州', '地区', '省', '市', '盟'];

/** `广西壮族自治区` → `广西`, `深圳市` → `深圳`; names without a suffix are kept. */
export function regionKey(name: string): string {
  const trimmed = name.trim();
  for (const s of SUFFIXES) {
    if (trimmed.length > s.length && trimmed.endsWith(s)) return trimmed.slice(0, -s.length);
  }
  return trimmed;
}

export interface CallerRegion {
  province?: string;
  city?: string;
}

/** A region ref without a city matches the whole province; with a city, only that city. */
export function regionMatches(ref: RegionRefValue, caller: CallerRegion): boolean {
  if (!caller.province || regionKey(ref.province) !== regionKey(caller.province)) return false;
  return ref.city === undefined || (caller.city !== undefined && regionKey(ref.city) === regionKey(caller.city));
}

export function inAnyRegion(refs: readonly RegionRefValue[], caller: CallerRegion): boolean {
  return refs.some((r) => regionMatches(r, caller));
}
