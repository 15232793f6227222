/**
 * The uploaded files behind N4 documents. Each upload is kept — its bytes at
 * `<data dir>/documents/<tenant id>/<file id>.<ext>`, its metadata in `tenant_document_files` — and
 * becomes the current file of its kind (which sends the document back to review). Files are read
 * only through the tenant that owns them: another tenant's file id is simply not found.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { DOCUMENT_FILE_LIMIT, documentFileExtension, sniffDocumentType } from './document-file-type.ts';
import type { DocumentFileType } from './document-file-type.ts';
import { putTenantDocument } from './tenant-document-store.ts';
import type { TenantDocument, TenantDocumentKind } from './tenant-document.ts';
import { TenantError } from './tenant-error.ts';

export type TenantDocumentFileTables = {
  tenant_document_files: {
    id: string;
    tenant_id: string;
    kind: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    original_name: string;
    uploaded_by: string;
    uploaded_at: string;
  };
};

export interface TenantDocumentFile {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: TenantDocumentKind;
  readonly contentType: DocumentFileType;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly name: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface DocumentUpload {
  readonly tenantId: string;
  readonly kind: TenantDocumentKind;
  readonly number: string;
  readonly bytes: Buffer;
  /** The name the uploader's file had (shown back; never used to decide the type). */
  readonly name: string;
  readonly by: string;
  readonly at: Date;
}

type Db = Kysely<object>;
type Row = TenantDocumentFileTables['tenant_document_files'];
const tables = (db: Db) => db.withTables<TenantDocumentFileTables>();

const toFile = (r: Row): TenantDocumentFile => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind as TenantDocumentKind,
  contentType: r.content_type as DocumentFileType,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  name: r.original_name,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

export function tenantDocumentFilePath(dataDir: string, file: Pick<TenantDocumentFile, 'tenantId' | 'id' | 'contentType'>): string {
  return join(dataDir, 'documents', file.tenantId, `${file.id}.${documentFileExtension(file.contentType)}`);
}

/** A shown name: the last path segment, no control characters, at most 200 characters. */
function cleanName(name: string, type: DocumentFileType): string {
  // eslint-disable-next-line no-control-regex
  const clean = basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return clean === '' ? `document.${documentFileExtension(type)}` : clean;
}

/**
 * Keeps an uploaded file and makes it the current document of its kind. The type is sniffed from
 * the bytes; a refused file leaves nothing behind. The row is written before the file (renamed into
 * place), so a failed write rolls the request's transaction back instead of leaving a row
 * without bytes.
 */
export async function uploadTenantDocument(db: Db, dataDir: string, up: DocumentUpload): Promise<{ document: TenantDocument; file: TenantDocumentFile }> {
  if (up.bytes.length === 0) throw new TenantError('INVALID_DOCUMENT', 'the file is empty');
  if (up.bytes.length > DOCUMENT_FILE_LIMIT) throw new TenantError('DOCUMENT_TOO_LARGE', `a document file may be at most ${DOCUMENT_FILE_LIMIT / 1024 / 1024} MiB`);
  const type = sniffDocumentType(up.bytes);
  if (type === undefined) throw new TenantError('UNSUPPORTED_DOCUMENT_FILE', 'the file is not a PDF, JPEG or PNG (checked from its content, not its name)');
  const row: Row = {
    id: newId(),
    tenant_id: up.tenantId,
    kind: up.kind,
    content_type: type,
    size_bytes: up.bytes.length,
    sha256: createHash('sha256').update(up.bytes).digest('hex'),
    original_name: cleanName(up.name, type),
    uploaded_by: up.by,
    uploaded_at: toDbTimestamp(up.at),
  };
  return withTransaction(db, async (trx) => {
    // The document first: it checks the tenant, the kind and the number before anything is kept.
    const document = await putTenantDocument(trx, up.tenantId, { kind: up.kind, number: up.number, fileRef: `file:${row.id}`, fileId: row.id }, up.by, up.at);
    await tables(trx).insertInto('tenant_document_files').values(row).execute();
    const file = toFile(row);
    const path = tenantDocumentFilePath(dataDir, file);
    await mkdir(join(dataDir, 'documents', up.tenantId), { recursive: true });
    await writeFile(`${path}.part`, up.bytes);
    await rename(`${path}.part`, path);
    return { document, file };
  });
}

/** One of the tenant's files, or undefined — also for another tenant's file id. */
export async function getTenantDocumentFile(db: Db, tenantId: string, id: string): Promise<TenantDocumentFile | undefined> {
  const row = await tables(db).selectFrom('tenant_document_files').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toFile(row);
}

/** Every file the tenant has uploaded, newest first. */
export async function listTenantDocumentFiles(db: Db, tenantId: string): Promise<TenantDocumentFile[]> {
  const rows = await tables(db).selectFrom('tenant_document_files').selectAll().where('tenant_id', '=', tenantId).orderBy('uploaded_at', 'desc').orderBy('id').execute();
  return rows.map(toFile);
}
