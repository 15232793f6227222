import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * The 400-number pool (REQUIREMENTS N1–N5): one row per number with its lifecycle state and the
 * search keys precomputed at insert time, the append-only transition history, the operator's
 * overrides of class terms, and the domain's settings (active rule set).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_inventory')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('rule_set', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('reserved_until', 'text')
    .addColumn('activation_due_on', 'text')
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Search keys: the digits reversed (ends-with becomes a prefix range) and the canonical shape
    // of the reversed 6-digit tail (tail shape AABB becomes a prefix range).
    .addColumn('rev_digits', 'text', (c) => c.notNull())
    .addColumn('rev_shape', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'number_inventory_status',
      sql`status in ('available', 'reserved', 'pending_activation', 'active', 'suspended', 'released')`,
    )
    // N4: a number belongs to exactly one tenant while it is not available, and to none when it is.
    .addCheckConstraint(
      'number_inventory_owner',
      sql`(status = 'available' and tenant_id is null) or (status <> 'available' and tenant_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('number_inventory_tenant').on('number_inventory').columns(['tenant_id', 'number']).execute();
  await db.schema.createIndex('number_inventory_class').on('number_inventory').columns(['status', 'class_code', 'number']).execute();
  await db.schema.createIndex('number_inventory_carrier').on('number_inventory').columns(['status', 'carrier', 'number']).execute();
  await db.schema.createIndex('number_inventory_rev_digits').on('number_inventory').columns(['rev_digits']).execute();
  await db.schema.createIndex('number_inventory_rev_shape').on('number_inventory').columns(['rev_shape']).execute();
  await db.schema.createIndex('number_inventory_reserved').on('number_inventory').columns(['status', 'reserved_until']).execute();

  await db.schema
    .createTable('number_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().references('number_inventory.number'))
    // 1, 2, 3… per number: the order of entries written within the same millisecond.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('number_history_number').on('number_history').columns(['number', 'seq']).unique().execute();
  await db.schema.createIndex('number_history_tenant').on('number_history').columns(['tenant_id', 'at']).execute();

  await db.schema
    .createTable('number_class_terms')
    .addColumn('rule_set', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('min_monthly_spend_li', 'bigint', (c) => c.notNull())
    .addColumn('min_term_months', 'integer', (c) => c.notNull())
    .addColumn('selection_fee_allowed', 'integer', (c) => c.notNull())
    .addColumn('selection_fee_li', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_class_terms_pk', ['rule_set', 'class_code'])
    .execute();

  await db.schema
    .createTable('number_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('number_settings').execute();
  await db.schema.dropTable('number_class_terms').execute();
  await db.schema.dropTable('number_history').execute();
  await db.schema.dropTable('number_inventory').execute();
}
