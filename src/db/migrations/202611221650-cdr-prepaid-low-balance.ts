import type { Kysely } from 'kysely';

/** A tenant's own low-balance alert level (li); null → the platform default. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('prepaid_grace').addColumn('low_balance_li', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('prepaid_grace').dropColumn('low_balance_li').execute();
}
