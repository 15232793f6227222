import type { Kysely } from 'kysely';

/** One row per call to a 400 number: opened when the call arrives, closed when it ends. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('call_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('trunk_id', 'text')
    .addColumn('sip_call_id', 'text', (c) => c.notNull())
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('caller_kind', 'text', (c) => c.notNull())
    .addColumn('caller_area_code', 'text')
    .addColumn('caller_province', 'text')
    .addColumn('caller_city', 'text')
    .addColumn('answering_number', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('talk_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sip_status', 'integer')
    .addColumn('sip_reason', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('media_stats', 'text')
    .addColumn('recording_path', 'text')
    .execute();
  await db.schema.createIndex('call_records_tenant_started').on('call_records').columns(['tenant_id', 'started_at']).execute();
  await db.schema.createIndex('call_records_open').on('call_records').column('outcome').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('call_records').execute();
}
