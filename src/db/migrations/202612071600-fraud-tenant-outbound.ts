import type { Kysely } from 'kysely';

/** Per tenant: the countries its calls may go out to, and an outbound suspension (issue 11, toll fraud). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_outbound')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('allowed_country_codes', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text')
    .addColumn('suspended_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tenant_outbound').execute();
}
