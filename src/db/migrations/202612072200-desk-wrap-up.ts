import type { Kysely } from 'kysely';

/**
 * Issue 14, the agent desk: the tenant's wrap-up codes, each agent's wrap-up (code and note) on a
 * call they took, and each agent's desk settings (auto-answer). Two indexes for what the desk reads
 * from call records: a caller's history in a tenant (the screen pop) and an agent's calls (theirs as a
 * queue's agent, or any leg that rang their phone).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('desk_wrap_up_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desk_wrap_up_codes_tenant_code').unique().on('desk_wrap_up_codes').columns(['tenant_id', 'code']).execute();
  await db.schema
    .createTable('call_wrap_ups')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    /** The code and its label as they were when saved (a code renamed or removed later does not change history). */
    .addColumn('code', 'text')
    .addColumn('label', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('call_wrap_ups_pk', ['tenant_id', 'call_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('desk_agent_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('auto_answer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('desk_agent_settings_pk', ['tenant_id', 'user_id'])
    .execute();
  await db.schema.createIndex('call_records_tenant_caller_started').on('call_records').columns(['tenant_id', 'caller_number', 'started_at']).execute();
  await db.schema.createIndex('call_records_tenant_agent_started').on('call_records').columns(['tenant_id', 'agent_user_id', 'started_at']).execute();
  await db.schema.createIndex('call_legs_tenant_target').on('call_legs').columns(['tenant_id', 'target', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('call_legs_tenant_target').execute();
  await db.schema.dropIndex('call_records_tenant_agent_started').execute();
  await db.schema.dropIndex('call_records_tenant_caller_started').execute();
  await db.schema.dropTable('desk_agent_settings').execute();
  await db.schema.dropTable('call_wrap_ups').execute();
  await db.schema.dropTable('desk_wrap_up_codes').execute();
}
