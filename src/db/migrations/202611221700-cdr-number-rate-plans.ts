import type { Kysely } from 'kysely';

/** A 400 number's own rate plan, which wins over its tenant's for the calls to that number. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_rate_plans')
    .addColumn('number_400', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('rate_plan_id', 'text', (c) => c.notNull().references('rate_plans.id'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('number_rate_plans').execute();
}
