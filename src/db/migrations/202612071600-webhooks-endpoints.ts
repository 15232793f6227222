import type { Kysely } from 'kysely';

/**
 * Webhook endpoints (C24): a tenant's HTTPS receivers, the event types each wants, the signing
 * secret, and the last delivery's status. Deliveries themselves are notify_outbox rows (channel
 * 'webhook', recipient = the endpoint id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** JSON array of event types. */
    .addColumn('event_types', 'text', (c) => c.notNull())
    /** The HMAC key: needed to sign, so kept as is; shown to the tenant once, at creation. */
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('last_attempt_at', 'text')
    /** HTTP status of the last attempt; null when it got no answer (then last_error says why). */
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('webhook_endpoints_tenant').on('webhook_endpoints').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('notify_outbox_recipient').on('notify_outbox').columns(['recipient', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notify_outbox_recipient').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
