/** Which SQL dialect a Kysely instance speaks, for the few places (migrations) where it matters. */
import { PostgresAdapter, SqliteAdapter } from 'kysely';
import type { Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unknown database adapter ${adapter.constructor.name}`);
}
