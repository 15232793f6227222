import type { Kysely } from 'kysely';

/** A pre-dial flow per 400 number (R7, R9, R10, R13; docs/flows.md) and the voicemails it takes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('number_flows_number', ['number_400'])
    .execute();
  await db.schema.createIndex('number_flows_tenant').on('number_flows').column('tenant_id').execute();

  await db.schema
    .createTable('voicemails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voicemails_tenant_created').on('voicemails').columns(['tenant_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('voicemails').execute();
  await db.schema.dropTable('number_flows').execute();
}
