import type { Kysely } from 'kysely';

/**
 * N4 documents as uploaded files: every file a tenant (or the operator on its behalf) uploads is
 * kept in `tenant_document_files` (the bytes under `<data dir>/documents/<tenant id>/`), and the
 * document on file for a kind names its current file and the operator's rejection, if any.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_document_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tenant_document_files_tenant').on('tenant_document_files').columns(['tenant_id', 'kind', 'uploaded_at']).execute();
  await db.schema.alterTable('tenant_documents').addColumn('file_id', 'text').execute();
  await db.schema.alterTable('tenant_documents').addColumn('rejection_reason', 'text').execute();
  await db.schema.alterTable('tenant_documents').addColumn('rejected_by', 'text').execute();
  await db.schema.alterTable('tenant_documents').addColumn('rejected_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_documents').dropColumn('rejected_at').execute();
  await db.schema.alterTable('tenant_documents').dropColumn('rejected_by').execute();
  await db.schema.alterTable('tenant_documents').dropColumn('rejection_reason').execute();
  await db.schema.alterTable('tenant_documents').dropColumn('file_id').execute();
  await db.schema.dropTable('tenant_document_files').execute();
}
