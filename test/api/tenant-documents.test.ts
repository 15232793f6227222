/**
 * N4 documents as files through the API, on SQLite and PostgreSQL: the tenant admin uploads its
 * licence and IDs (type sniffed from the bytes, size-limited), the operator views, approves or
 * rejects with a reason, the enterprise opens only with both required documents approved; files are
 * tenant-isolated, kept on disk and every step is audited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DOCUMENT_FILE_LIMIT } from '../../src/tenants/document-file-type.ts';
import { hasActivationDocuments } from '../../src/tenants/tenant-document-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const LICENCE_NO = '91350100M000100Y43';
const ID_NO = '110101199003077777';

forEachDialect('api tenant documents', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-docs-data-'));
    h = await ApiHarness.start(await open(), { dataDir });
    op = await h.as(null, 'root', 'operator_admin');
  });
  after(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function enterprise(code: string) {
    const t = (await h.call(op, 'POST', '/api/v1/tenants', { body: { code, name: code, contact: { name: 'Li', phone: '+8613800138000', email: null } } })).json() as { id: string };
    return { id: t.id, admin: await h.as(t.id, `${code}-admin`, 'tenant_admin') };
  }

  const upload = (who: Caller, url: string, bytes: Buffer, query: Record<string, string>, type = 'application/octet-stream') =>
    h.call(who, 'POST', url, { body: bytes, query, headers: { 'content-type': type } });

  test('the tenant uploads, the operator rejects and approves, the enterprise opens only then', async () => {
    const { id, admin } = await enterprise('docs1');
    // The browser says PNG, the bytes say PDF: the bytes win.
    const licence = await upload(admin, '/api/v1/tenant/document-files', PDF, { kind: 'business_licence', number: LICENCE_NO, name: '营业执照.pdf' }, 'image/png');
    assert.equal(licence.statusCode, 201, licence.body);
    const l = licence.json();
    assert.equal(l.review, 'pending');
    assert.equal(l.file.contentType, 'application/pdf');
    assert.equal(l.file.name, '营业执照.pdf');
    assert.equal(l.file.sizeBytes, PDF.length);
    assert.deepEqual(readFileSync(join(dataDir, 'documents', id, `${l.file.id}.pdf`)), PDF, 'kept on disk as uploaded');
    const handler = (await upload(admin, '/api/v1/tenant/document-files', PNG, { kind: 'handler_id', number: ID_NO, name: 'id.png' })).json();
    assert.equal(handler.file.contentType, 'image/png');
    // A form carries no number.
    assert.equal((await upload(admin, '/api/v1/tenant/document-files', JPEG, { kind: 'application_form', name: 'form.jpg' })).statusCode, 201);

    // Not yet: the enterprise stays pending.
    const early = await h.call(op, 'POST', `/api/v1/tenants/${id}/status`, { body: { status: 'active', reason: 'go' } });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(early.json().code, 'DOCUMENTS_MISSING');

    // The operator views the file, rejects the ID with a reason, approves the licence.
    const viewed = await h.call(op, 'GET', `/api/v1/tenants/${id}/document-files/${handler.file.id}`);
    assert.equal(viewed.statusCode, 200);
    assert.equal(viewed.headers['content-type'], 'image/png');
    assert.match(String(viewed.headers['content-disposition']), /^inline;/);
    assert.deepEqual(viewed.rawPayload, PNG);
    const noReason = await h.call(op, 'POST', `/api/v1/tenants/${id}/documents/handler_id/review`, { body: { decision: 'reject' } });
    assert.equal(noReason.statusCode, 422, noReason.body);
    const rejected = await h.call(op, 'POST', `/api/v1/tenants/${id}/documents/handler_id/review`, { body: { decision: 'reject', reason: '复印件未加盖公章', fileId: handler.file.id } });
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().review, 'rejected');
    const approved = await h.call(op, 'POST', `/api/v1/tenants/${id}/documents/business_licence/review`, { body: { decision: 'approve', fileId: l.file.id } });
    assert.equal(approved.json().review, 'approved');
    assert.equal(await hasActivationDocuments(h.db, id), false);

    // The tenant sees why, uploads again; a review of the old file is refused.
    const seen = (await h.call(admin, 'GET', '/api/v1/tenant/documents')).json() as Array<{ kind: string; review: string; rejectionReason: string | null }>;
    assert.deepEqual(seen.map((d) => [d.kind, d.review, d.rejectionReason]), [
      ['application_form', 'pending', null],
      ['business_licence', 'approved', null],
      ['handler_id', 'rejected', '复印件未加盖公章'],
    ]);
    const again = (await upload(admin, '/api/v1/tenant/document-files', JPEG, { kind: 'handler_id', number: ID_NO, name: 'id-stamped.jpg' })).json();
    assert.equal(again.review, 'pending');
    assert.equal(again.rejectionReason, null);
    const stale = await h.call(op, 'POST', `/api/v1/tenants/${id}/documents/handler_id/review`, { body: { decision: 'approve', fileId: handler.file.id } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'DOCUMENT_CHANGED');
    await h.call(op, 'POST', `/api/v1/tenants/${id}/documents/handler_id/review`, { body: { decision: 'approve', fileId: again.file.id } });
    assert.equal(await hasActivationDocuments(h.db, id), true);
    const opened = await h.call(op, 'POST', `/api/v1/tenants/${id}/status`, { body: { status: 'active', reason: 'documents approved' } });
    assert.equal(opened.json().status, 'active', opened.body);

    // The old file is still kept and readable by its owner.
    assert.deepEqual((await h.call(admin, 'GET', `/api/v1/tenant/document-files/${handler.file.id}`)).rawPayload, PNG);
    const audit = (await h.call(admin, 'GET', '/api/v1/audit')).json() as Array<{ action: string }>;
    const actions = audit.map((e) => e.action);
    for (const a of ['tenant.document-upload', 'tenant.document-review', 'tenant.document-read']) assert.ok(actions.includes(a), `${a} in ${actions.join()}`);
  });

  test('bad files get a clear 4xx and change nothing', async () => {
    const { id, admin } = await enterprise('docs2');
    const cases: Array<[string, Buffer, Record<string, string>, number, string]> = [
      ['a text file named .pdf', Buffer.from('just text, not a scan'), { number: LICENCE_NO, name: 'licence.pdf' }, 415, 'UNSUPPORTED_DOCUMENT_FILE'],
      ['an empty file', Buffer.alloc(0), { number: LICENCE_NO }, 422, 'INVALID_DOCUMENT'],
      ['a bad credit code', PDF, { number: '91350100M000100Y44' }, 422, 'INVALID_DOCUMENT'],
      ['no number for the licence', PDF, {}, 422, 'INVALID_DOCUMENT'],
      ['too large', Buffer.concat([PDF, Buffer.alloc(DOCUMENT_FILE_LIMIT)]), { number: LICENCE_NO }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, bytes, query, status, code] of cases) {
      const res = await upload(admin, '/api/v1/tenant/document-files', bytes, { kind: 'business_licence', ...query });
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      assert.equal(res.json().code, code, what);
      assert.ok(res.json().message.length > 0);
    }
    const json = await h.call(admin, 'POST', '/api/v1/tenant/document-files', { body: { number: LICENCE_NO }, query: { kind: 'business_licence' } });
    assert.equal(json.statusCode, 415, json.body);
    assert.equal((await upload(admin, '/api/v1/tenant/document-files', PDF, { kind: 'passport', number: '1' })).statusCode, 400);
    assert.deepEqual((await h.call(admin, 'GET', '/api/v1/tenant/documents')).json(), []);
    assert.deepEqual(await h.db.withTables<{ tenant_document_files: { tenant_id: string } }>().selectFrom('tenant_document_files').selectAll().where('tenant_id', '=', id).execute(), []);
  });

  test("another tenant's document id is not found; roles are enforced", async () => {
    const a = await enterprise('docs3a');
    const b = await enterprise('docs3b');
    const fileA = (await upload(a.admin, '/api/v1/tenant/document-files', PDF, { kind: 'business_licence', number: LICENCE_NO })).json().file.id as string;
    assert.equal((await h.call(b.admin, 'GET', `/api/v1/tenant/document-files/${fileA}`)).statusCode, 404);
    assert.equal((await h.call(op, 'GET', `/api/v1/tenants/${b.id}/document-files/${fileA}`)).statusCode, 404, 'under the wrong tenant');
    assert.equal((await h.call(op, 'GET', `/api/v1/tenants/${a.id}/document-files/${fileA}`)).statusCode, 200);
    const supA = await h.as(a.id, 'docs3a-sup', 'supervisor');
    assert.equal((await upload(supA, '/api/v1/tenant/document-files', PDF, { kind: 'business_licence', number: LICENCE_NO })).statusCode, 403);
    assert.equal((await h.call(supA, 'GET', `/api/v1/tenant/document-files/${fileA}`)).statusCode, 403);
    assert.equal((await h.call(a.admin, 'POST', `/api/v1/tenants/${a.id}/documents/business_licence/review`, { body: { decision: 'approve' } })).statusCode, 403);
    // The operator may upload on the enterprise's behalf.
    const byOp = await upload(op, `/api/v1/tenants/${b.id}/document-files`, PNG, { kind: 'handler_id', number: ID_NO });
    assert.equal(byOp.statusCode, 201, byOp.body);
    assert.match(byOp.json().file.url, new RegExp(`^/api/v1/tenants/${b.id}/document-files/`));
  });
});
