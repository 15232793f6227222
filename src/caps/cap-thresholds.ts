/** Pure: which alert thresholds (percent of a cap) a usage step crossed, and whether a cap is reached. */
export type CapThreshold = 80 | 100;
export const CAP_THRESHOLDS: readonly CapThreshold[] = [80, 100];

/**
 * Thresholds reached by going from `before` to `after` against `limit`, lowest first. Integer
 * arithmetic (used × 100 ≥ limit × percent) so 80 % of 5 calls is exactly the 4th call.
 * A zero cap is at 100 % from the start: nothing is crossed by usage, `isOverCap` refuses.
 */
export function crossedThresholds(before: number, after: number, limit: number): CapThreshold[] {
  if (limit <= 0) return [];
  return CAP_THRESHOLDS.filter((p) => before * 100 < limit * p && after * 100 >= limit * p);
}

/** Every threshold `used` has reached (for an alert that might have been missed, e.g. a cap lowered). */
export function reachedThresholds(used: number, limit: number): CapThreshold[] {
  return CAP_THRESHOLDS.filter((p) => limit <= 0 || used * 100 >= limit * p);
}

/** A new call is refused once usage has reached the cap. */
export function isOverCap(used: number, limit: number | null): boolean {
  return limit !== null && used >= limit;
}
