import type { Kysely } from 'kysely';

/**
 * The ACD (issue 13): queues (their settings as JSON: strategy, ring time, overflow …), skills,
 * agents' proficiencies, queue memberships (tier, level, weight; routing profile priority and
 * delay), the tenant's not-ready reasons, each agent's chosen phone, and every agent state
 * transition with its cause and time (audit, agent reports, and the restore after a restart).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('acd_queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: everything of QueueSettings but id, tenant and name. */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('acd_queues_tenant_name', ['tenant_id', 'name'])
    .execute();
  await db.schema
    .createTable('acd_skills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('acd_skills_tenant_name', ['tenant_id', 'name'])
    .execute();
  await db.schema
    .createTable('acd_agent_skills')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('skill_id', 'text', (c) => c.notNull())
    .addColumn('proficiency', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('acd_agent_skills_pk', ['user_id', 'skill_id'])
    .execute();
  await db.schema.createIndex('acd_agent_skills_tenant').on('acd_agent_skills').columns(['tenant_id', 'user_id']).execute();
  await db.schema
    .createTable('acd_memberships')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('delay_seconds', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('acd_memberships_pk', ['queue_id', 'user_id'])
    .execute();
  await db.schema.createIndex('acd_memberships_tenant_user').on('acd_memberships').columns(['tenant_id', 'user_id']).execute();
  await db.schema
    .createTable('acd_not_ready_reasons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('acd_not_ready_reasons_tenant_code', ['tenant_id', 'code'])
    .execute();
  await db.schema
    .createTable('acd_agent_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** sip | browser | mobile */
    .addColumn('phone_kind', 'text', (c) => c.notNull())
    /** The SIP user name, or the mobile's E.164 number. */
    .addColumn('phone_target', 'text', (c) => c.notNull())
    /** JSON array of regions (provinces). */
    .addColumn('regions', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('acd_agent_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** Order within one agent's log (the engine's own counter; `at` may tie). */
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('previous', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('call_id', 'text')
    .addColumn('queue_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('acd_agent_transitions_agent').on('acd_agent_transitions').columns(['tenant_id', 'user_id', 'at', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['acd_agent_transitions', 'acd_agent_profiles', 'acd_not_ready_reasons', 'acd_memberships', 'acd_agent_skills', 'acd_skills', 'acd_queues']) await db.schema.dropTable(t).execute();
}
