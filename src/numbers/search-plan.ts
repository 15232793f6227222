/**
 * Chooses how a pool search reads the table, instead of leaving it to the SQL planners: SQLite
 * cannot estimate how selective a text range is, and with 1 000 000 rows a wrong guess costs
 * seconds (measured: "ends with 8888" scanned the whole pool in number order). The predicted share
 * of the pool each digit filter keeps decides:
 *
 * - `tenant`: the tenant's own numbers, in number order (few rows);
 * - `range`: a selective range (tail digits, tail shape, prefix) drives, the rest is checked from
 *   the covering index, and the few matches are sorted;
 * - `gram`: "contains" of 3+ digits walks the numbers holding its first 3 digits, in number order,
 *   stopping when the page is full;
 * - `ordered`: nothing is selective, so matches are dense: read in number order (by status, class
 *   or carrier index) and stop when the page is full.
 *
 * On SQLite every other column is compared through an expression no index can serve
 * (`col || ''`), so its planner has only the chosen path. PostgreSQL, whose planner estimates ranges
 * from histograms, gets the plain predicates (and the gram join for "contains").
 */
import { canonicalShape } from './search-keys.ts';

export type SearchDriver =
  | { kind: 'tenant' }
  | { kind: 'range'; column: 'rev_digits' | 'rev_shape' | 'number'; share: number }
  | { kind: 'gram' }
  | { kind: 'ordered'; index: 'status' | 'class' | 'carrier' | 'none' };

export interface PlanInput {
  tenantId?: string;
  prefix?: string;
  endsWith?: string;
  contains?: string;
  shape?: string;
  classCodes?: string[];
  carrier?: string;
  /** False when every status is searched. */
  byStatus: boolean;
}

/** Ranges keeping at most this share of the pool drive (≤ 2 000 rows of 1 000 000 to sort). */
export const RANGE_DRIVER_SHARE = 0.002;
export const MIN_GRAM_DIGITS = 3;

export function planSearch(q: PlanInput): SearchDriver {
  if (q.tenantId !== undefined) return { kind: 'tenant' };
  const ranges: Array<{ column: 'rev_digits' | 'rev_shape' | 'number'; share: number }> = [];
  if (q.endsWith !== undefined) ranges.push({ column: 'rev_digits', share: 10 ** -q.endsWith.length });
  if (q.shape !== undefined) ranges.push({ column: 'rev_shape', share: shapeShare(q.shape) });
  if (q.prefix !== undefined && q.prefix.length > 4) ranges.push({ column: 'number', share: 10 ** -(q.prefix.length - 4) / 6 });
  const best = ranges.sort((a, b) => a.share - b.share)[0];
  if (best !== undefined && best.share <= RANGE_DRIVER_SHARE) return { kind: 'range', ...best };
  if (q.contains !== undefined && q.contains.length >= MIN_GRAM_DIGITS) return { kind: 'gram' };
  if (!q.byStatus) return { kind: 'ordered', index: 'none' };
  if (q.classCodes !== undefined && q.classCodes.length === 1) return { kind: 'ordered', index: 'class' };
  if (q.carrier !== undefined) return { kind: 'ordered', index: 'carrier' };
  return { kind: 'ordered', index: 'status' };
}

/** The share of random tails with this shape: AAA 1 %, AABB 0.9 %, ABCABC 0.072 %. */
export function shapeShare(shape: string): number {
  const canonical = canonicalShape(shape);
  const letters = new Set(canonical).size;
  let ways = 1;
  for (let i = 0; i < letters; i++) ways *= 10 - i;
  return ways / 10 ** canonical.length;
}
