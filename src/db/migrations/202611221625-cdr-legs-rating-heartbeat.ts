import type { Kysely } from 'kysely';

/**
 * Records and money (issue 5): one leg row per ring attempt, the charge on the call record, and
 * the platform's heartbeat (the last instant the process is known to have been alive, which
 * bounds the talk time of calls that were up when it died).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('call_legs')
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('sip_status', 'integer')
    .addPrimaryKeyConstraint('call_legs_pk', ['call_id', 'seq'])
    .execute();
  await db.schema.createIndex('call_legs_tenant_started').on('call_legs').columns(['tenant_id', 'started_at']).execute();

  // One column per ALTER: SQLite adds a single column per statement.
  await db.schema.alterTable('call_records').addColumn('cost_li', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('call_records').addColumn('call_type', 'text').execute();
  await db.schema.alterTable('call_records').addColumn('billing_note', 'text').execute();
  await db.schema.createIndex('call_records_tenant_number_started').on('call_records').columns(['tenant_id', 'number_400', 'started_at']).execute();

  await db.schema
    .createTable('platform_heartbeats')
    .addColumn('node', 'text', (c) => c.primaryKey())
    .addColumn('beat_at', 'text', (c) => c.notNull())
    .execute();

  // The operator's grace amount per prepaid tenant: calls go through until balance + grace ≤ 0.
  await db.schema
    .createTable('prepaid_grace')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('grace_li', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('prepaid_grace').execute();
  await db.schema.dropTable('platform_heartbeats').execute();
  await db.schema.dropIndex('call_records_tenant_number_started').execute();
  await db.schema.alterTable('call_records').dropColumn('billing_note').execute();
  await db.schema.alterTable('call_records').dropColumn('call_type').execute();
  await db.schema.alterTable('call_records').dropColumn('cost_li').execute();
  await db.schema.dropTable('call_legs').execute();
}
