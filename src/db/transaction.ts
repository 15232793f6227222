/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside an
 * existing transaction it just runs `fn` in it, so domain functions can call each other freely and
 * the outermost caller (one API request, one import) owns the commit.
 */
import type { Kysely, Transaction } from 'kysely';

// Separate overloads: inferring DB from a Transaction through `Kysely<DB>` loses the table types.
export function withTransaction<DB, T>(db: Transaction<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
export function withTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
export async function withTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  return db.transaction().execute(fn);
}
