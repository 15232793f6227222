import type { Kysely } from 'kysely';

/** Carrier SIP trunks (operator-owned, no tenant). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('trunks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // JSON array of IPs / CIDR prefixes.
    .addColumn('addresses', 'text', (c) => c.notNull())
    .addColumn('proxy_host', 'text', (c) => c.notNull())
    .addColumn('proxy_port', 'integer', (c) => c.notNull())
    .addColumn('proxy_transport', 'text', (c) => c.notNull())
    .addColumn('registration_username', 'text')
    // Kept readable: the platform must present it to the carrier (digest), it cannot be hashed.
    .addColumn('registration_password', 'text')
    .addColumn('registration_realm', 'text')
    .addColumn('max_concurrent_calls', 'integer')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('trunks').execute();
}
