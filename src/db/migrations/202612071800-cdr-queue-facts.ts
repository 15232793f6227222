import type { Kysely } from 'kysely';

/**
 * Issue 13: what a call record says of the ACD — the queue the call waited in, how long, the agent
 * who answered, whether the caller gave up in the queue, transfers made and the caller's survey
 * score (C5) — and which queue and agent each leg (an offer) rang.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per ALTER: SQLite adds a single column per statement.
  await db.schema.alterTable('call_records').addColumn('queue_id', 'text').execute();
  await db.schema.alterTable('call_records').addColumn('queue_wait_ms', 'bigint').execute();
  await db.schema.alterTable('call_records').addColumn('agent_id', 'text').execute();
  await db.schema.alterTable('call_records').addColumn('agent_user_id', 'text').execute();
  await db.schema.alterTable('call_records').addColumn('abandoned_in_queue', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('call_records').addColumn('transfers', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('call_records').addColumn('survey_score', 'integer').execute();
  await db.schema.alterTable('call_legs').addColumn('queue_id', 'text').execute();
  await db.schema.alterTable('call_legs').addColumn('agent_id', 'text').execute();
  await db.schema.createIndex('call_records_tenant_queue_started').on('call_records').columns(['tenant_id', 'queue_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('call_records_tenant_queue_started').execute();
  for (const c of ['agent_id', 'queue_id']) await db.schema.alterTable('call_legs').dropColumn(c).execute();
  for (const c of ['survey_score', 'transfers', 'abandoned_in_queue', 'agent_user_id', 'agent_id', 'queue_wait_ms', 'queue_id']) await db.schema.alterTable('call_records').dropColumn(c).execute();
}
