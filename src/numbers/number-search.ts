/**
 * Search of the pool (REQUIREMENTS N5) by class, carrier, status and digit pattern — ends with
 * (`*8888`), starts with (`4008*`), contains (`520`), tail shape (`AABB`, `ABAB`, `AAA`). Every
 * digit filter but "contains" is an index range over keys computed at insert (`search-keys.ts`).
 * Pages are keyset pages in number order: pass `nextCursor` back as `after`.
 */
import type { Kysely } from 'kysely';
import { CARRIERS } from './carrier.ts';
import type { Carrier } from './carrier.ts';
import { NumberError } from './number-error.ts';
import { NUMBER_STATUSES } from './number-lifecycle.ts';
import type { NumberStatus } from './number-lifecycle.ts';
import { toRecord } from './number-record.ts';
import type { NumberRecord } from './number-record.ts';
import type { NumberTables } from './number-tables.ts';
import { parseSearchPattern } from './search-pattern.ts';
import { prefixUpperBound, reverseDigits, shapePrefix, SHAPE_TAIL } from './search-keys.ts';

export interface NumberSearchQuery {
  /** Default `available` (the pool on offer); `any` for every state. */
  status?: NumberStatus | 'any';
  classCodes?: string[];
  carrier?: Carrier;
  /** The number starts with these digits (`4008`, `400812`). */
  prefix?: string;
  endsWith?: string;
  contains?: string;
  /** Tail shape in letters: `AABB`, `ABAB`, `AAA`, `ABCABC`. */
  shape?: string;
  /** Shorthand: `*8888`, `4008*`, `520`, `*520*`, `AABB` (see `parseSearchPattern`). */
  pattern?: string;
  /** Only this tenant's numbers (tenant-scoped callers). */
  tenantId?: string;
  /** 1–100, default 20. */
  limit?: number;
  /** The last number of the previous page. */
  after?: string;
}

export interface NumberSearchPage {
  items: NumberRecord[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export async function searchNumbers(db: Kysely<object>, query: NumberSearchQuery): Promise<NumberSearchPage> {
  const q = { ...query, ...(query.pattern !== undefined ? parseSearchPattern(query.pattern) : {}) };
  const limit = checkLimit(q.limit);
  let sel = db.withTables<NumberTables>().selectFrom('number_inventory').selectAll();
  const status = q.status ?? 'available';
  if (status !== 'any') {
    if (!NUMBER_STATUSES.includes(status)) invalid(`unknown status '${String(status)}'`);
    sel = sel.where('status', '=', status);
  }
  if (q.classCodes !== undefined && q.classCodes.length > 0) sel = sel.where('class_code', 'in', q.classCodes);
  if (q.carrier !== undefined) {
    if (!CARRIERS.includes(q.carrier)) invalid(`unknown carrier '${String(q.carrier)}'`);
    sel = sel.where('carrier', '=', q.carrier);
  }
  if (q.tenantId !== undefined) sel = sel.where('tenant_id', '=', q.tenantId);
  if (q.prefix !== undefined) {
    const p = digits(q.prefix, 'prefix');
    sel = sel.where('number', '>=', p);
    const upper = prefixUpperBound(p);
    if (upper !== undefined) sel = sel.where('number', '<', upper);
  }
  if (q.endsWith !== undefined) {
    const r = reverseDigits(digits(q.endsWith, 'endsWith'));
    sel = sel.where('rev_digits', '>=', r);
    const upper = prefixUpperBound(r);
    if (upper !== undefined) sel = sel.where('rev_digits', '<', upper);
  }
  if (q.contains !== undefined) {
    // Within the 7 digits after 400: `400%520%` cannot match the 0 of the 400 itself.
    sel = sel.where('number', 'like', `400%${digits(q.contains, 'contains')}%`);
  }
  if (q.shape !== undefined) {
    const s = shapePrefix(checkShape(q.shape));
    sel = sel.where('rev_shape', '>=', s);
    const upper = prefixUpperBound(s);
    if (upper !== undefined) sel = sel.where('rev_shape', '<', upper);
  }
  if (q.after !== undefined) sel = sel.where('number', '>', digits(q.after, 'after'));
  const rows = await sel.orderBy('number').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(toRecord),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.number ?? null) : null,
  };
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) invalid(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return limit;
}

function digits(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) invalid(`${field} must be 1 to 10 digits`);
  return value;
}

function checkShape(value: unknown): string {
  if (typeof value !== 'string' || !new RegExp(`^[A-Z]{2,${SHAPE_TAIL}}$`).test(value)) {
    invalid(`shape must be 2 to ${SHAPE_TAIL} capital letters, like AABB`);
  }
  return value;
}

function invalid(message: string): never {
  throw new NumberError('NUMBER_SEARCH_INVALID', message);
}
