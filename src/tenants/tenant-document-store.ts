/**
 * The N4 documents on file for a tenant: one per kind, each replaced as a whole when re-uploaded
 * (which clears its review), approved or rejected (with a reason) by the operator. A number may be
 * activated only when the required kinds are on file and approved.
 */
import type { Kysely } from 'kysely';
import { toDbBoolean, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { parseSocialCreditCode } from './social-credit-code.ts';
import { NUMBERED_DOCUMENT_KINDS, REQUIRED_DOCUMENT_KINDS, TENANT_DOCUMENT_KINDS, reviewOf } from './tenant-document.ts';
import type { TenantDocument, TenantDocumentInput, TenantDocumentKind } from './tenant-document.ts';
import { TenantError } from './tenant-error.ts';
import { getTenant } from './tenant-store.ts';

export type TenantDocumentTables = {
  tenant_documents: {
    tenant_id: string;
    kind: string;
    file_ref: string;
    number: string;
    verified: number;
    verified_by: string | null;
    verified_at: string | null;
    updated_by: string;
    updated_at: string;
    file_id: string | null;
    rejection_reason: string | null;
    rejected_by: string | null;
    rejected_at: string | null;
  };
};

type Db = Kysely<object>;
type Row = TenantDocumentTables['tenant_documents'];
const tables = (db: Db) => db.withTables<TenantDocumentTables>();

function toDocument(row: Row): TenantDocument {
  const verified = row.verified === 1;
  return {
    tenantId: row.tenant_id,
    kind: row.kind as TenantDocumentKind,
    fileRef: row.file_ref,
    fileId: row.file_id,
    number: row.number,
    review: reviewOf({ verified, rejectionReason: row.rejection_reason }),
    verified,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
    rejectionReason: row.rejection_reason,
    rejectedBy: row.rejected_by,
    rejectedAt: row.rejected_at,
    updatedAt: row.updated_at,
  };
}

function invalid(message: string): never {
  throw new TenantError('INVALID_DOCUMENT', message);
}

function normalise(input: TenantDocumentInput): TenantDocumentInput {
  if (!TENANT_DOCUMENT_KINDS.includes(input.kind)) invalid(`unknown document kind '${String(input.kind)}'`);
  const fileRef = input.fileRef.trim();
  if (fileRef === '' || fileRef.length > 500) invalid('file reference must be 1–500 characters');
  const raw = input.number.trim().toUpperCase();
  if (raw.length > 64) invalid('document number must be at most 64 characters');
  if (raw === '' && NUMBERED_DOCUMENT_KINDS.includes(input.kind)) invalid('document number must be 1–64 characters');
  // The licence's number is the enterprise's unified social credit code (GB 32100-2015).
  const number = input.kind === 'business_licence' ? (parseSocialCreditCode(raw) ?? invalid('the licence number is not a valid unified social credit code')) : raw;
  return { kind: input.kind, fileRef, number };
}

/** Records (or replaces) a document; a replaced document must be reviewed again. `fileId` names an
 * uploaded file (see tenant-document-files.ts). */
export async function putTenantDocument(db: Db, tenantId: string, input: TenantDocumentInput & { fileId?: string }, by: string, at = new Date()): Promise<TenantDocument> {
  const doc = normalise(input);
  const fileId = input.fileId ?? null;
  return withTransaction(db, async (trx) => {
    if ((await getTenant(trx, tenantId)) === undefined) throw new TenantError('TENANT_NOT_FOUND', 'no such tenant');
    const row: Row = {
      tenant_id: tenantId,
      kind: doc.kind,
      file_ref: doc.fileRef,
      number: doc.number,
      verified: toDbBoolean(false),
      verified_by: null,
      verified_at: null,
      updated_by: by,
      updated_at: toDbTimestamp(at),
      file_id: fileId,
      rejection_reason: null,
      rejected_by: null,
      rejected_at: null,
    };
    const current = await tables(trx).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', doc.kind).executeTakeFirst();
    // Same file and number again (a re-run import): keep the verification.
    if (current !== undefined && current.file_ref === row.file_ref && current.number === row.number) return toDocument(current);
    await tables(trx)
      .insertInto('tenant_documents')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'kind']).doUpdateSet({
          file_ref: row.file_ref,
          file_id: fileId,
          number: row.number,
          verified: 0,
          verified_by: null,
          verified_at: null,
          rejection_reason: null,
          rejected_by: null,
          rejected_at: null,
          updated_by: by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    return toDocument(row);
  });
}

/** The operator's check of a document on file: verified (which clears a rejection), or the
 * verification withdrawn. */
export async function setTenantDocumentVerified(
  db: Db,
  tenantId: string,
  kind: TenantDocumentKind,
  verified: boolean,
  by: string,
  at = new Date(),
): Promise<TenantDocument> {
  return withTransaction(db, async (trx) => {
    const stamp = toDbTimestamp(at);
    const result = await tables(trx)
      .updateTable('tenant_documents')
      .set({
        verified: toDbBoolean(verified),
        verified_by: verified ? by : null,
        verified_at: verified ? stamp : null,
        ...(verified ? { rejection_reason: null, rejected_by: null, rejected_at: null } : {}),
        updated_by: by,
        updated_at: stamp,
      })
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new TenantError('DOCUMENT_NOT_FOUND', `no ${kind.replaceAll('_', ' ')} on file`);
    return currentDocument(trx, tenantId, kind);
  });
}

async function currentDocument(db: Db, tenantId: string, kind: TenantDocumentKind): Promise<TenantDocument> {
  const row = await tables(db).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).executeTakeFirstOrThrow();
  return toDocument(row);
}

/** The operator refuses a document on file, saying why; the tenant sees the reason and uploads
 * another. A rejected document counts as not verified. */
export async function rejectTenantDocument(db: Db, tenantId: string, kind: TenantDocumentKind, reason: string, by: string, at = new Date()): Promise<TenantDocument> {
  const why = reason.trim();
  if (why === '' || why.length > 500) invalid('a rejection needs a reason of 1–500 characters');
  return withTransaction(db, async (trx) => {
    const stamp = toDbTimestamp(at);
    const result = await tables(trx)
      .updateTable('tenant_documents')
      .set({ verified: 0, verified_by: null, verified_at: null, rejection_reason: why, rejected_by: by, rejected_at: stamp, updated_by: by, updated_at: stamp })
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new TenantError('DOCUMENT_NOT_FOUND', `no ${kind.replaceAll('_', ' ')} on file`);
    return currentDocument(trx, tenantId, kind);
  });
}

export async function getTenantDocument(db: Db, tenantId: string, kind: TenantDocumentKind): Promise<TenantDocument | undefined> {
  const row = await tables(db).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).executeTakeFirst();
  return row && toDocument(row);
}

export async function listTenantDocuments(db: Db, tenantId: string): Promise<TenantDocument[]> {
  const rows = await tables(db).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).orderBy('kind').execute();
  return rows.map(toDocument);
}

/** N4: a number may be activated (and an enterprise opened) only when the licence and the
 * handler's ID are on file and approved. */
export async function hasActivationDocuments(db: Db, tenantId: string): Promise<boolean> {
  const verified = await tables(db)
    .selectFrom('tenant_documents')
    .select('kind')
    .where('tenant_id', '=', tenantId)
    .where('verified', '=', 1)
    .execute();
  const kinds = new Set(verified.map((r) => r.kind));
  return REQUIRED_DOCUMENT_KINDS.every((k) => kinds.has(k));
}
