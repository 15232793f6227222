import type { Kysely } from 'kysely';

/**
 * C17: each tenant's wallboard settings — the service level's target seconds and goal (the staffing
 * hint aims at it), and the thresholds that turn a figure red and alert supervisors. A tenant
 * without a row uses the defaults (src/wallboard/wallboard-settings.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wallboard_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('target_seconds', 'integer', (c) => c.notNull())
    .addColumn('service_level_goal_percent', 'integer', (c) => c.notNull())
    .addColumn('longest_wait_alert_seconds', 'integer')
    .addColumn('service_level_alert_percent', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wallboard_settings').execute();
}
