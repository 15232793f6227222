import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * P4: how long a tenant's recordings and voicemails are kept (absent: 3 months), and the index
 * the daily retention job walks: only records that still have a recording, oldest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recording_retention')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createIndex('call_records_recorded_started')
    .on('call_records')
    .columns(['tenant_id', 'started_at'])
    .where(sql.ref('recording_path'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('call_records_recorded_started').execute();
  await db.schema.dropTable('recording_retention').execute();
}
