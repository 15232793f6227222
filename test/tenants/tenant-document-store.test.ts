import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasActivationDocuments, listTenantDocuments, putTenantDocument, rejectTenantDocument, setTenantDocumentVerified } from '../../src/tenants/tenant-document-store.ts';
import { TenantError } from '../../src/tenants/tenant-error.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-01T00:00:00.000Z');
const T1 = new Date('2026-11-02T00:00:00.000Z');
const licence = { kind: 'business_licence' as const, fileRef: 'docs/acme/licence.pdf', number: '91350100M000100Y43' };
const handler = { kind: 'handler_id' as const, fileRef: 'docs/acme/id.jpg', number: '11010519491231002x' };

function isTenantError(code: string) {
  return (e: unknown) => e instanceof TenantError && e.code === code;
}

forEachDialect('tenant documents', ({ open }) => {
  async function tenant(db: Parameters<typeof createTenant>[0], code = 'acme') {
    return createTenant(db, { code, name: code, contact: { name: 'Li', phone: '1', email: null } }, 'op', T0);
  }

  /** A tenant whose two documents were put on file at T0 and verified at T1. */
  async function verifiedTenant(db: Parameters<typeof createTenant>[0]) {
    const t = await tenant(db);
    await putTenantDocument(db, t.id, licence, 'op', T0);
    await putTenantDocument(db, t.id, handler, 'op', T0);
    await setTenantDocumentVerified(db, t.id, 'business_licence', true, 'op', T1);
    await setTenantDocumentVerified(db, t.id, 'handler_id', true, 'op', T1);
    return t;
  }

  test('activation needs both documents, both verified', async () => {
    const { db } = await open();
    const t = await tenant(db);
    assert.equal(await hasActivationDocuments(db, t.id), false);
    await putTenantDocument(db, t.id, licence, 'op', T0);
    await putTenantDocument(db, t.id, handler, 'op', T0);
    assert.equal(await hasActivationDocuments(db, t.id), false, 'on file but not verified');
    await setTenantDocumentVerified(db, t.id, 'business_licence', true, 'op-2', T1);
    assert.equal(await hasActivationDocuments(db, t.id), false, 'one verified');
    const v = await setTenantDocumentVerified(db, t.id, 'handler_id', true, 'op-2', T1);
    assert.deepEqual(v, {
      tenantId: t.id,
      kind: 'handler_id',
      fileRef: 'docs/acme/id.jpg',
      fileId: null,
      number: '11010519491231002X',
      review: 'approved',
      verified: true,
      verifiedBy: 'op-2',
      verifiedAt: '2026-11-02T00:00:00.000Z',
      rejectionReason: null,
      rejectedBy: null,
      rejectedAt: null,
      updatedAt: '2026-11-02T00:00:00.000Z',
    });
    assert.equal(await hasActivationDocuments(db, t.id), true);
    const other = await tenant(db, 'other');
    assert.equal(await hasActivationDocuments(db, other.id), false, 'documents are per tenant');
    assert.equal(await hasActivationDocuments(db, 'nope'), false);
  });

  test('re-uploading the same document keeps its verification; a new one clears it', async () => {
    const { db } = await open();
    const t = await verifiedTenant(db);
    await putTenantDocument(db, t.id, licence, 'op', T1);
    assert.equal(await hasActivationDocuments(db, t.id), true);
    const replaced = await putTenantDocument(db, t.id, { ...licence, fileRef: 'docs/acme/licence-2026.pdf' }, 'op', T1);
    assert.equal(replaced.verified, false);
    assert.equal(await hasActivationDocuments(db, t.id), false);
    assert.deepEqual((await listTenantDocuments(db, t.id)).map((d) => [d.kind, d.fileRef, d.verified]), [
      ['business_licence', 'docs/acme/licence-2026.pdf', false],
      ['handler_id', 'docs/acme/id.jpg', true],
    ]);
  });

  test('a rejection blocks activation, shows its reason, and is cleared by approval or a new file', async () => {
    const { db } = await open();
    const t = await verifiedTenant(db);
    const r = await rejectTenantDocument(db, t.id, 'handler_id', '  照片模糊 ', 'op-3', T1);
    assert.deepEqual([r.review, r.verified, r.rejectionReason, r.rejectedBy, r.rejectedAt], ['rejected', false, '照片模糊', 'op-3', '2026-11-02T00:00:00.000Z']);
    assert.equal(await hasActivationDocuments(db, t.id), false);
    await assert.rejects(rejectTenantDocument(db, t.id, 'handler_id', ' ', 'op', T1), isTenantError('INVALID_DOCUMENT'));
    await assert.rejects(rejectTenantDocument(db, t.id, 'legal_rep_id', 'x', 'op', T1), isTenantError('DOCUMENT_NOT_FOUND'));
    const approved = await setTenantDocumentVerified(db, t.id, 'handler_id', true, 'op', T1);
    assert.deepEqual([approved.review, approved.rejectionReason], ['approved', null]);
    await rejectTenantDocument(db, t.id, 'handler_id', 'again', 'op', T1);
    const replaced = await putTenantDocument(db, t.id, { ...handler, fileRef: 'docs/acme/id-2.jpg' }, 'op', T1);
    assert.deepEqual([replaced.review, replaced.rejectionReason], ['pending', null]);
  });

  test('forms and letters need no number; the optional kinds do not gate activation', async () => {
    const { db } = await open();
    const t = await tenant(db);
    const form = await putTenantDocument(db, t.id, { kind: 'application_form', fileRef: 'docs/form.pdf', number: '' }, 'op', T0);
    assert.equal(form.number, '');
    await assert.rejects(putTenantDocument(db, t.id, { kind: 'legal_rep_id', fileRef: 'docs/rep.pdf', number: '' }, 'op', T0), isTenantError('INVALID_DOCUMENT'));
    await setTenantDocumentVerified(db, t.id, 'application_form', true, 'op', T1);
    assert.equal(await hasActivationDocuments(db, t.id), false);
  });

  test('withdrawn verification blocks activation again', async () => {
    const { db } = await open();
    const t = await verifiedTenant(db);
    await setTenantDocumentVerified(db, t.id, 'handler_id', false, 'op', T1);
    assert.equal(await hasActivationDocuments(db, t.id), false);
  });

  test('refusals: bad licence number, empty fields, unknown tenant, missing document', async () => {
    const { db } = await open();
    const t = await tenant(db);
    await assert.rejects(putTenantDocument(db, t.id, { ...licence, number: '91350100M000100Y44' }, 'op', T0), isTenantError('INVALID_DOCUMENT'));
    await assert.rejects(putTenantDocument(db, t.id, { ...handler, fileRef: ' ' }, 'op', T0), isTenantError('INVALID_DOCUMENT'));
    await assert.rejects(putTenantDocument(db, t.id, { ...handler, number: '' }, 'op', T0), isTenantError('INVALID_DOCUMENT'));
    await assert.rejects(putTenantDocument(db, t.id, { ...handler, kind: 'passport' as never }, 'op', T0), isTenantError('INVALID_DOCUMENT'));
    await assert.rejects(putTenantDocument(db, 'nope', handler, 'op', T0), isTenantError('TENANT_NOT_FOUND'));
    await assert.rejects(setTenantDocumentVerified(db, t.id, 'handler_id', true, 'op', T0), isTenantError('DOCUMENT_NOT_FOUND'));
    assert.deepEqual(await listTenantDocuments(db, t.id), []);
  });
});
