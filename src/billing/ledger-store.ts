/**
 * The prepaid ledger in the database: entries are inserted, never updated or deleted. Posting is
 * idempotent by (kind, reference): the same call, fee month or payment posted twice is booked
 * once, and a second posting that disagrees (other tenant or amount) is refused.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { uuidV7 } from '../kernel/uuid-v7.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import { withTransaction } from '../db/transaction.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { BillingError } from './billing-error.ts';
import { LEDGER_KINDS, ledgerAmountProblem } from './ledger-entry.ts';
import type { LedgerEntry, LedgerEntryInput, LedgerKind } from './ledger-entry.ts';

export type LedgerTables = {
  ledger_entries: {
    id: string;
    tenant_id: string;
    kind: string;
    amount_li: number;
    reference: string;
    note: string | null;
    created_at: string;
    created_by: string;
  };
};

type Db = Kysely<object>;
type Row = LedgerTables['ledger_entries'];
export const ledgerTables = (db: Db) => db.withTables<LedgerTables>();

export function toLedgerEntry(row: Row): LedgerEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as LedgerKind,
    amountLi: row.amount_li,
    reference: row.reference,
    note: row.note,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export interface PostResult {
  readonly entry: LedgerEntry;
  /** false when an identical entry was already booked (nothing was written). */
  readonly created: boolean;
}

function check(input: LedgerEntryInput): void {
  if (!LEDGER_KINDS.includes(input.kind)) throw new BillingError('INVALID_AMOUNT', `unknown ledger kind '${String(input.kind)}'`);
  const problem = ledgerAmountProblem(input.kind, input.amountLi);
  if (problem !== undefined) throw new BillingError('INVALID_AMOUNT', problem);
  if (input.reference.length < 1 || input.reference.length > 200) throw new BillingError('INVALID_AMOUNT', 'reference must be 1–200 characters');
  if (input.note != null && input.note.length > 500) throw new BillingError('INVALID_AMOUNT', 'note must be at most 500 characters');
}

// The call path books a charge per answered call: these two are compiled once.
const findEntry = new PreparedQuery((db, p) => ledgerTables(db).selectFrom('ledger_entries').selectAll().where('kind', '=', p('kind')).where('reference', '=', p('reference')));
// ON CONFLICT DO NOTHING keeps a concurrent duplicate from failing the transaction (PostgreSQL
// aborts a transaction on a unique violation); the select then finds the winner.
const insertEntry = new PreparedQuery((db, p) =>
  ledgerTables(db)
    .insertInto('ledger_entries')
    .values({
      id: p('id'),
      tenant_id: p('tenant_id'),
      kind: p('kind'),
      amount_li: p<number>('amount_li'),
      reference: p('reference'),
      note: p<string | null>('note'),
      created_at: p('created_at'),
      created_by: p('created_by'),
    })
    .onConflict((oc) => oc.columns(['kind', 'reference']).doNothing()),
);

/** The entry booked under (kind, reference), if any. */
export async function findLedgerEntry(db: Db, kind: LedgerKind, reference: string): Promise<LedgerEntry | undefined> {
  const row = await findEntry.first(db, { kind, reference });
  return row && toLedgerEntry(row);
}

/**
 * Books a checked entry unless one is booked under its (kind, reference) already; either way
 * returns the entry that stands. Whether a booked one may differ is the caller's rule.
 */
export async function bookLedgerEntryOnce(db: Db, input: LedgerEntryInput, by: string, at: Date): Promise<PostResult> {
  check(input);
  const row: Row = {
    id: uuidV7(),
    tenant_id: input.tenantId,
    kind: input.kind,
    amount_li: input.amountLi,
    reference: input.reference,
    note: input.note ?? null,
    created_at: toDbTimestamp(at),
    created_by: by,
  };
  const inserted = await insertEntry.execute(db, row);
  if (Number(inserted.numAffectedRows ?? 0n) === 1) return { entry: toLedgerEntry(row), created: true };
  const booked = await findLedgerEntry(db, input.kind, input.reference);
  if (booked === undefined) throw new BillingError('LEDGER_CONFLICT', 'the entry could not be booked');
  return { entry: booked, created: false };
}

/** Books one entry, or returns the identical one already booked under (kind, reference). */
export async function postLedgerEntry(db: Db, input: LedgerEntryInput, by: string, at = new Date()): Promise<PostResult> {
  check(input);
  return withTransaction(db, async (trx) => {
    if ((await getTenant(trx, input.tenantId)) === undefined) throw new BillingError('TENANT_NOT_FOUND', 'no such tenant');
    const posted = await bookLedgerEntryOnce(trx, input, by, at);
    if (posted.created) return posted;
    const booked = posted.entry;
    if (booked.tenantId !== input.tenantId || booked.amountLi !== input.amountLi) {
      throw new BillingError('LEDGER_CONFLICT', `${input.kind} '${input.reference}' is already booked with other details`);
    }
    return posted;
  });
}

/** The balance in li: the sum of every entry of the tenant (0 for none). */
export async function getBalance(db: Db, tenantId: string): Promise<number> {
  const row = await ledgerTables(db)
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_li'), eb.lit(0)).as('balance'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export interface TopUpOptions {
  /** The payment's own id (receipt, transfer number): makes the top-up idempotent. */
  readonly reference?: string;
  readonly note?: string | null;
}

/** Credits the account. Without a reference every call books a new top-up. */
export async function topUp(db: Db, tenantId: string, amountLi: number, opts: TopUpOptions, by: string, at = new Date()): Promise<PostResult> {
  const reference = opts.reference ?? `top-up:${newId()}`;
  return postLedgerEntry(db, { tenantId, kind: 'top_up', amountLi, reference, note: opts.note ?? null }, by, at);
}

/** A manual correction by the operator (either sign); the note says why. */
export async function adjustBalance(
  db: Db,
  tenantId: string,
  amountLi: number,
  note: string,
  by: string,
  at = new Date(),
  reference = `adjustment:${newId()}`,
): Promise<PostResult> {
  if (note.trim() === '') throw new BillingError('INVALID_AMOUNT', 'an adjustment needs a note saying why');
  return postLedgerEntry(db, { tenantId, kind: 'adjustment', amountLi, reference, note: note.trim() }, by, at);
}
