import type { Kysely } from 'kysely';

/**
 * C19 scheduled sampling: a rule may be scoped to one queue (or 400 number) and/or one agent; a
 * review remembers the rule that queued it (a percentage rule tops its quota up instead of picking
 * again); each tenant's schedule (how often its rules run) keeps how far they have run, so a
 * restart resumes from there and nothing is queued twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('qa_sampling_rules').addColumn('queue', 'text').execute();
  await db.schema.alterTable('qa_sampling_rules').addColumn('agent_user_id', 'text').execute();
  await db.schema.alterTable('qa_reviews').addColumn('sampling_rule_id', 'text').execute();
  await db.schema
    .createTable('qa_sampling_schedules')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('every_minutes', 'integer', (c) => c.notNull())
    /** When the rules last ran (null: never). */
    .addColumn('last_run_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('qa_sampling_schedules').execute();
  await db.schema.alterTable('qa_reviews').dropColumn('sampling_rule_id').execute();
  await db.schema.alterTable('qa_sampling_rules').dropColumn('agent_user_id').execute();
  await db.schema.alterTable('qa_sampling_rules').dropColumn('queue').execute();
}
