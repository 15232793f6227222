import type { Kysely } from 'kysely';

/**
 * The notification outbox (one row per recipient: queued → sent | failed, retried with backoff)
 * and the missed-call alert recipients of each 400 number (REQUIREMENTS R11).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notify_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('notify_outbox_dedupe', ['dedupe_key'])
    .execute();
  await db.schema.createIndex('notify_outbox_due').on('notify_outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('notify_outbox_tenant').on('notify_outbox').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('notify_missed_call_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notify_missed_call_recipient', ['number_400', 'channel', 'address'])
    .execute();
  await db.schema.createIndex('notify_missed_call_recipients_tenant').on('notify_missed_call_recipients').columns(['tenant_id', 'number_400']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notify_missed_call_recipients').execute();
  await db.schema.dropTable('notify_outbox').execute();
}
