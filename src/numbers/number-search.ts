/**
 * Search of the pool (REQUIREMENTS N5) by class, carrier, status and digit pattern — ends with
 * (`*8888`), starts with (`4008*`), contains (`520`), tail shape (`AABB`, `ABAB`, `AAA`), over keys
 * computed at insert (`search-keys.ts`); `search-plan.ts` picks the index. Pages are keyset pages in
 * number order: pass `nextCursor` back as `after`. Step 1 finds the page's numbers from indexes
 * only; step 2 fetches those rows.
 */
import { sql } from 'kysely';
import { dialectOf } from '../db/dialect.ts';
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
import { planSearch } from './search-plan.ts';
import { GRAM, prefixUpperBound, reverseDigits, shapePrefix, SHAPE_TAIL } from './search-keys.ts';

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
  const t = db.withTables<NumberTables>();
  // Step 1: the page's numbers only, so dense ranges are read from covering indexes.
  const numbers = await pageNumbers(t, q, limit + 1);
  // Step 2: the rows of that page, by primary key.
  const page = numbers.slice(0, limit);
  const rows = page.length === 0 ? [] : await t.selectFrom('number_inventory').selectAll().where('number', 'in', page).orderBy('number').execute();
  return {
    items: rows.map(toRecord),
    nextCursor: numbers.length > limit ? (page[page.length - 1] ?? null) : null,
  };
}

type Col = 'status' | 'carrier' | 'class_code' | 'tenant_id' | 'rev_digits' | 'rev_shape' | 'number';

/** Step 1 as a query (exported for the benchmark's EXPLAIN). */
export function pageQuery(t: Kysely<NumberTables>, q: NumberSearchQuery, take: number) {
  const status = q.status ?? 'available';
  if (status !== 'any' && !NUMBER_STATUSES.includes(status)) invalid(`unknown status '${String(status)}'`);
  if (q.carrier !== undefined && !CARRIERS.includes(q.carrier)) invalid(`unknown carrier '${String(q.carrier)}'`);
  const f = {
    prefix: q.prefix === undefined ? undefined : digits(q.prefix, 'prefix'),
    endsWith: q.endsWith === undefined ? undefined : digits(q.endsWith, 'endsWith'),
    contains: q.contains === undefined ? undefined : digits(q.contains, 'contains'),
    shape: q.shape === undefined ? undefined : checkShape(q.shape),
    after: q.after === undefined ? undefined : digits(q.after, 'after'),
  };
  const plan = planSearch({ ...q, ...f, byStatus: status !== 'any' });
  // Only the chosen path's columns stay indexable on SQLite; the rest go through `col || ''`.
  // PostgreSQL keeps plain predicates: its planner has histograms and estimates the ranges well,
  // and would misjudge an expression (it assumes 0.5 % for `expr = value`).
  const force = dialectOf(t) === 'sqlite';
  const usable = new Set<Col>(
    plan.kind === 'tenant' ? ['tenant_id', 'number'] :
    plan.kind === 'range' ? [plan.column] :
    plan.kind === 'gram' ? [] :
    plan.index === 'class' ? ['status', 'class_code', 'number'] :
    plan.index === 'carrier' ? ['status', 'carrier', 'number'] :
    plan.index === 'status' ? ['status', 'number'] : ['number'],
  );
  const col = (c: Col) => (!force || usable.has(c) ? sql.ref<string>(`number_inventory.${c}`) : sql<string>`(number_inventory.${sql.ref(c)} || '')`);
  const gram = plan.kind === 'gram' && f.contains !== undefined ? f.contains.slice(0, GRAM) : undefined;
  // A range driver sorts its few matches; every other path reads in number order and stops early.
  const key = gram !== undefined ? sql.ref<string>('g.number') : col('number');

  let sel = t.selectFrom('number_inventory').select('number_inventory.number as number');
  if (gram !== undefined) sel = sel.innerJoin('number_search_gram as g', 'g.number', 'number_inventory.number').where('g.gram', '=', gram);
  if (status !== 'any') sel = sel.where(col('status'), '=', status);
  if (q.classCodes !== undefined && q.classCodes.length > 0) sel = sel.where(col('class_code'), 'in', q.classCodes);
  if (q.carrier !== undefined) sel = sel.where(col('carrier'), '=', q.carrier);
  if (q.tenantId !== undefined) sel = sel.where(col('tenant_id'), '=', q.tenantId);
  for (const [c, prefix] of [['number', f.prefix], ['rev_digits', f.endsWith && reverseDigits(f.endsWith)], ['rev_shape', f.shape && shapePrefix(f.shape)]] as const) {
    if (prefix === undefined || prefix === '') continue;
    sel = sel.where(col(c), '>=', prefix);
    const upper = prefixUpperBound(prefix);
    if (upper !== undefined) sel = sel.where(col(c), '<', upper);
  }
  if (f.contains !== undefined && (gram === undefined || f.contains.length > GRAM)) {
    // Within the 7 digits after 400: `400%520%` cannot match the 0 of the 400 itself.
    sel = sel.where(col('number'), 'like', `400%${f.contains}%`);
  }
  if (f.after !== undefined) sel = sel.where(key, '>', f.after);
  return sel.orderBy(key).limit(take);
}

async function pageNumbers(t: Kysely<NumberTables>, q: NumberSearchQuery, take: number): Promise<string[]> {
  const rows = await pageQuery(t, q, take).execute();
  return rows.map((r) => r.number);
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
