import type { Kysely } from 'kysely';

/** One routing policy per 400 number (R2–R6, R14), stored as JSON text (docs/routing.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('number_policies_number', ['number_400'])
    .execute();
  await db.schema.createIndex('number_policies_tenant').on('number_policies').column('tenant_id').execute();
  // Call memory (R14) and longest-idle (R2) read a number's recent answered calls.
  await db.schema.createIndex('call_records_number_caller').on('call_records').columns(['number_400', 'caller_number', 'started_at']).execute();
  await db.schema.createIndex('call_records_number_started').on('call_records').columns(['number_400', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('call_records_number_started').execute();
  await db.schema.dropIndex('call_records_number_caller').execute();
  await db.schema.dropTable('number_policies').execute();
}
