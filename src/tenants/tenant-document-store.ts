/**
 * The N4 activation documents on file for a tenant: one business licence and one handler ID,
 * each replaced as a whole when re-uploaded (which clears its verification), verified by the
 * operator. A number may be activated only when both are on file and verified.
 */
import type { Kysely } from 'kysely';
import { toDbBoolean, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { parseSocialCreditCode } from './social-credit-code.ts';
import { TENANT_DOCUMENT_KINDS } from './tenant-document.ts';
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
  };
};

type Db = Kysely<object>;
type Row = TenantDocumentTables['tenant_documents'];
const tables = (db: Db) => db.withTables<TenantDocumentTables>();

function toDocument(row: Row): TenantDocument {
  return {
    tenantId: row.tenant_id,
    kind: row.kind as TenantDocumentKind,
    fileRef: row.file_ref,
    number: row.number,
    verified: row.verified === 1,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
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
  if (raw === '' || raw.length > 64) invalid('document number must be 1–64 characters');
  // The licence's number is the enterprise's unified social credit code (GB 32100-2015).
  const number = input.kind === 'business_licence' ? (parseSocialCreditCode(raw) ?? invalid('the licence number is not a valid unified social credit code')) : raw;
  return { kind: input.kind, fileRef, number };
}

/** Records (or replaces) a document; a replaced document must be verified again. */
export async function putTenantDocument(db: Db, tenantId: string, input: TenantDocumentInput, by: string, at = new Date()): Promise<TenantDocument> {
  const doc = normalise(input);
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
    };
    const current = await tables(trx).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', doc.kind).executeTakeFirst();
    // Same file and number again (a re-run import): keep the verification.
    if (current !== undefined && current.file_ref === row.file_ref && current.number === row.number) return toDocument(current);
    await tables(trx)
      .insertInto('tenant_documents')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'kind']).doUpdateSet({ file_ref: row.file_ref, number: row.number, verified: 0, verified_by: null, verified_at: null, updated_by: by, updated_at: row.updated_at }))
      .execute();
    return toDocument(row);
  });
}

/** The operator's check of a document on file: verified (or the verification withdrawn). */
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
      .set({ verified: toDbBoolean(verified), verified_by: verified ? by : null, verified_at: verified ? stamp : null, updated_by: by, updated_at: stamp })
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new TenantError('DOCUMENT_NOT_FOUND', `no ${kind.replace('_', ' ')} on file`);
    const row = await tables(trx).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).executeTakeFirstOrThrow();
    return toDocument(row);
  });
}

export async function listTenantDocuments(db: Db, tenantId: string): Promise<TenantDocument[]> {
  const rows = await tables(db).selectFrom('tenant_documents').selectAll().where('tenant_id', '=', tenantId).orderBy('kind').execute();
  return rows.map(toDocument);
}

/** N4: a number may be activated only when the licence and the handler's ID are on file and verified. */
export async function hasActivationDocuments(db: Db, tenantId: string): Promise<boolean> {
  const verified = await tables(db)
    .selectFrom('tenant_documents')
    .select('kind')
    .where('tenant_id', '=', tenantId)
    .where('verified', '=', 1)
    .execute();
  const kinds = new Set(verified.map((r) => r.kind));
  return TENANT_DOCUMENT_KINDS.every((k) => kinds.has(k));
}
