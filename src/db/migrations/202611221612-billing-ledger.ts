import type { Kysely } from 'kysely';

/** Rate plans, their per-call-type rates, the plan each tenant is on, and the prepaid ledger. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('billing_unit_seconds', 'integer', (c) => c.notNull())
    .addColumn('monthly_fee_li', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rate_plan_rates')
    .addColumn('rate_plan_id', 'text', (c) => c.notNull().references('rate_plans.id').onDelete('cascade'))
    .addColumn('call_type', 'text', (c) => c.notNull())
    .addColumn('li_per_unit', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_plan_rates_pk', ['rate_plan_id', 'call_type'])
    .execute();

  await db.schema
    .createTable('tenant_rate_plans')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('rate_plan_id', 'text', (c) => c.notNull().references('rate_plans.id'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();

  // Append-only: rows are inserted, never updated or deleted; a balance is a sum.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_li', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_entries_kind_reference', ['kind', 'reference'])
    .execute();
  await db.schema.createIndex('ledger_entries_tenant_created').on('ledger_entries').columns(['tenant_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ledger_entries').execute();
  await db.schema.dropTable('tenant_rate_plans').execute();
  await db.schema.dropTable('rate_plan_rates').execute();
  await db.schema.dropTable('rate_plans').execute();
}
