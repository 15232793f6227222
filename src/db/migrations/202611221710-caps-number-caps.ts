import type { Kysely } from 'kysely';

/** R8: a 400 number's monthly spend cap (li) and call-count cap; null → no cap of that kind. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_caps')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number_400', 'text', (c) => c.notNull())
    .addColumn('monthly_spend_li', 'bigint')
    .addColumn('monthly_calls', 'bigint')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_caps_pk', ['tenant_id', 'number_400'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('number_caps').execute();
}
