import type { Kysely } from 'kysely';

/**
 * C19 quality inspection: a tenant's scoring forms (items as JSON), the reviews of calls (one per
 * call: queued by a reviewer or a sampling rule, scored, disputed by the agent, closed), and the
 * sampling rules that queue calls for review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('qa_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of { id, label, weight, fatal, commentRequired }. */
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('qa_forms_tenant').on('qa_forms').columns(['tenant_id', 'name']).execute();
  await db.schema
    .createTable('qa_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    /** The agent who answered (a user id), null when the call was answered by a phone no user owns. */
    .addColumn('agent_user_id', 'text')
    /** Who answered, as the call record says (SIP user or national number): per-agent results without a user. */
    .addColumn('answered_by', 'text')
    /** The queue the call came through (or its 400 number): the group of the per-group results. */
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('call_started_at', 'text', (c) => c.notNull())
    /** pending → scored → (disputed →) closed. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** `manual`, or the sampling rule's kind. */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text')
    /** JSON: the form's items as scored, each with its points and comment (a later form edit changes nothing here). */
    .addColumn('answers', 'text')
    .addColumn('score', 'integer')
    .addColumn('fatal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment', 'text')
    .addColumn('reviewer_id', 'text')
    .addColumn('reviewer_name', 'text')
    .addColumn('scored_at', 'text')
    .addColumn('dispute_reason', 'text')
    .addColumn('disputed_at', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('qa_reviews_call').on('qa_reviews').columns(['tenant_id', 'call_id']).unique().execute();
  await db.schema.createIndex('qa_reviews_open').on('qa_reviews').columns(['call_id', 'status']).execute();
  await db.schema.createIndex('qa_reviews_agent').on('qa_reviews').columns(['tenant_id', 'agent_user_id', 'call_started_at']).execute();
  await db.schema
    .createTable('qa_sampling_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON: the kind's parameters. */
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('qa_sampling_rules_tenant').on('qa_sampling_rules').columns(['tenant_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('qa_sampling_rules').execute();
  await db.schema.dropTable('qa_reviews').execute();
  await db.schema.dropTable('qa_forms').execute();
}
