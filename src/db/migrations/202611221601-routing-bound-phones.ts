import type { Kysely } from 'kysely';

/** The phones a 400 number rings (REQUIREMENTS R1): a PSTN number through a trunk, or a SIP user. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bound_phones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bound_phones_number_position', ['number_400', 'position'])
    .execute();
  await db.schema.createIndex('bound_phones_tenant').on('bound_phones').column('tenant_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bound_phones').execute();
}
