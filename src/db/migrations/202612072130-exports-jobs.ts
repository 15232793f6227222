import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * P2's large exports as jobs: what was asked, how far the writer is, the file when done and when it
 * expires. At most one running job per tenant (the partial unique index), so one tenant cannot
 * queue up the disk and CPU of many million-row workbooks at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('export_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('window_at', 'text', (c) => c.notNull())
    .addColumn('rows_total', 'integer')
    .addColumn('rows_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('export_jobs_tenant_created').on('export_jobs').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('export_jobs_one_running').on('export_jobs').column('tenant_id').unique().where(sql.ref('status'), '=', 'running').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('export_jobs').execute();
}
