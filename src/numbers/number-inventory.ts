/**
 * The pool: adding numbers (classified and given their search keys once, here) and reading them.
 * Every function takes the db or a transaction first.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { getActiveRuleSet } from './active-rule-set.ts';
import { carrierOf } from './carrier.ts';
import { classifierFor } from './classify.ts';
import { NumberError } from './number-error.ts';
import { tryNormalizeNumber } from './number-format.ts';
import type { NumberTables } from './number-tables.ts';
import { toRecord } from './number-record.ts';
import type { NumberHistoryEntry, NumberRecord } from './number-record.ts';
import { searchGrams, searchKeys } from './search-keys.ts';

/** Rows per INSERT: 12 columns × 400 stays far below SQLite's 32 766 bound parameters. */
const INSERT_CHUNK = 400;

export interface AddNumbersResult {
  /** Numbers newly in the pool (canonical digits). */
  added: string[];
  /** Numbers that were already there (left untouched). */
  existing: string[];
}

/**
 * Puts numbers into the pool as available, classified under the active rule set. All or nothing:
 * one malformed number refuses the whole batch (`NUMBER_INVALID` with its index). Numbers already
 * in the pool are reported, not changed.
 */
export async function addNumbers(
  db: Kysely<object>,
  numbers: readonly string[],
  by: string,
  opts: { now?: Date; reason?: string } = {},
): Promise<AddNumbersResult> {
  const digits = normalizeAll(numbers);
  const at = toDbTimestamp(opts.now ?? new Date());
  const reason = opts.reason ?? 'added to the pool';
  return withTransaction(db, async (untyped) => {
    const classifier = classifierFor(await getActiveRuleSet(untyped));
    const trx = untyped.withTables<NumberTables>();
    const existing = new Set<string>();
    for (let i = 0; i < digits.length; i += INSERT_CHUNK) {
      const chunk = digits.slice(i, i + INSERT_CHUNK);
      const found = await trx.selectFrom('number_inventory').select('number').where('number', 'in', chunk).execute();
      for (const row of found) existing.add(row.number);
      const fresh = chunk.filter((n) => !existing.has(n));
      if (fresh.length === 0) continue;
      await trx
        .insertInto('number_inventory')
        .values(
          fresh.map((n) => {
            const keys = searchKeys(n);
            return {
              number: n,
              carrier: carrierOf(n) as string,
              rule_set: classifier.ruleSet.id,
              class_code: classifier.classify(n).classCode,
              status: 'available' as const,
              tenant_id: null,
              reserved_until: null,
              activation_due_on: null,
              status_changed_at: at,
              created_at: at,
              rev_digits: keys.revDigits,
              rev_shape: keys.revShape,
            };
          }),
        )
        .execute();
      await trx
        .insertInto('number_search_gram')
        .values(fresh.flatMap((n) => searchGrams(n).map((gram) => ({ gram, number: n }))))
        .execute();
      await trx
        .insertInto('number_history')
        .values(fresh.map((n) => ({ id: newId(), number: n, seq: 1, tenant_id: null, action: 'add', from_status: null, to_status: 'available' as const, by, reason, at })))
        .execute();
    }
    return { added: digits.filter((n) => !existing.has(n)), existing: digits.filter((n) => existing.has(n)) };
  });
}

function normalizeAll(numbers: readonly string[]): string[] {
  const out = new Set<string>();
  numbers.forEach((input, index) => {
    const n = tryNormalizeNumber(input);
    if (n === undefined) {
      throw new NumberError('NUMBER_INVALID', `item ${index}: '${String(input).slice(0, 40)}' is not a 400 number`, { index });
    }
    out.add(n);
  });
  return [...out];
}

/** One number in any accepted spelling; undefined when unknown or malformed. */
export async function getNumber(db: Kysely<object>, number: string): Promise<NumberRecord | undefined> {
  const n = tryNormalizeNumber(number);
  if (n === undefined) return undefined;
  const row = await db.withTables<NumberTables>().selectFrom('number_inventory').selectAll().where('number', '=', n).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

const activeNumberOwner = new PreparedQuery((db, p) =>
  db.withTables<NumberTables>().selectFrom('number_inventory').select(['number', 'tenant_id']).where('number', '=', p('number')).where('status', '=', 'active'),
);

/**
 * The per-call lookup of call routing: the tenant an *active* number belongs to, by primary key.
 * Unknown, malformed, or not active (reserved, pending, suspended, released) → undefined.
 */
export async function findActiveNumber(
  db: Kysely<object>,
  number: string,
): Promise<{ number: string; tenantId: string; status: 'active' } | undefined> {
  const n = tryNormalizeNumber(number);
  if (n === undefined) return undefined;
  const row = await activeNumberOwner.first(db, { number: n });
  if (row === undefined || row.tenant_id === null) return undefined;
  return { number: row.number, tenantId: row.tenant_id, status: 'active' };
}

/** Every number a tenant holds (any state but available), in number order. */
export async function listTenantNumbers(db: Kysely<object>, tenantId: string): Promise<NumberRecord[]> {
  const rows = await db
    .withTables<NumberTables>()
    .selectFrom('number_inventory')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('number')
    .execute();
  return rows.map(toRecord);
}

/** The transitions of a number, oldest first. With `tenantId`, only entries of that tenant. */
export async function getNumberHistory(
  db: Kysely<object>,
  number: string,
  opts: { tenantId?: string } = {},
): Promise<NumberHistoryEntry[]> {
  const n = tryNormalizeNumber(number);
  if (n === undefined) return [];
  let q = db.withTables<NumberTables>().selectFrom('number_history').selectAll().where('number', '=', n);
  if (opts.tenantId !== undefined) q = q.where('tenant_id', '=', opts.tenantId);
  const rows = await q.orderBy('seq').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    tenantId: r.tenant_id,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    by: r.by,
    reason: r.reason,
    at: r.at,
  }));
}
