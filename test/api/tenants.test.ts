import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hasActivationDocuments } from '../../src/tenants/tenant-document-store.ts';
import { listTenants } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

const acme = {
  code: 'acme',
  name: 'Acme Trading',
  socialCreditCode: '91350100M000100Y43',
  contact: { name: 'Li Lei', phone: '+8613800138000', email: 'li@acme.example' },
  seats: 10,
};

forEachDialect('api tenants', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    op = await h.as(null, 'root', 'operator_admin');
  });
  after(() => h?.close());

  test('operator creates, lists, patches and moves a tenant through its statuses', async () => {
    const created = await h.call(op, 'POST', '/api/v1/tenants', { body: acme });
    assert.equal(created.statusCode, 201, created.body);
    const t = created.json();
    assert.equal(t.status, 'pending');
    assert.equal(t.timeZone, 'Asia/Shanghai');

    assert.equal((await h.call(op, 'POST', '/api/v1/tenants', { body: acme })).json().code, 'TENANT_CODE_TAKEN');
    const patched = await h.call(op, 'PATCH', `/api/v1/tenants/${t.id}`, { body: { seats: 20, timeZone: 'Asia/Hong_Kong' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual([patched.json().seats, patched.json().timeZone], [20, 'Asia/Hong_Kong']);

    const early = await h.call(op, 'POST', `/api/v1/tenants/${t.id}/status`, { body: { status: 'active', reason: 'contract signed' } });
    assert.equal(early.json().code, 'DOCUMENTS_MISSING', 'N4: not without the licence and handler ID approved');
    for (const [kind, number] of [['business_licence', acme.socialCreditCode], ['handler_id', '110105194912310021']]) {
      await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/${kind}`, { body: { fileRef: `files/${kind}.pdf`, number } });
      await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/${kind}/verification`, { body: { verified: true } });
    }
    const activated = await h.call(op, 'POST', `/api/v1/tenants/${t.id}/status`, { body: { status: 'active', reason: 'contract signed' } });
    assert.equal(activated.json().status, 'active', activated.body);
    const refused = await h.call(op, 'POST', `/api/v1/tenants/${t.id}/status`, { body: { status: 'pending', reason: 'oops' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'INVALID_STATUS_CHANGE');
    const history = await h.call(op, 'GET', `/api/v1/tenants/${t.id}/status-history`);
    assert.deepEqual(history.json().map((c: { to: string }) => c.to), ['pending', 'active']);

    const active = await h.call(op, 'GET', '/api/v1/tenants', { query: { status: 'active' } });
    assert.deepEqual(active.json().map((x: { code: string }) => x.code), ['acme']);
    assert.equal((await h.call(op, 'GET', '/api/v1/tenants/00000000-0000-0000-0000-000000000000')).statusCode, 404);
  });

  test('N4 documents: recorded, verified, visible to the tenant admin, audited for the tenant', async () => {
    const t = (await h.call(op, 'POST', '/api/v1/tenants', { body: { ...acme, code: 'docs', socialCreditCode: null } })).json();
    const put = await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/business_licence`, { body: { fileRef: 'files/licence.pdf', number: '91110000802100433B' } });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().verified, false);
    await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/handler_id`, { body: { fileRef: 'files/id.jpg', number: '110105194912310021' } });
    assert.equal(await hasActivationDocuments(h.db, t.id), false);
    for (const kind of ['business_licence', 'handler_id']) {
      const v = await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/${kind}/verification`, { body: { verified: true } });
      assert.equal(v.statusCode, 200, v.body);
    }
    assert.equal(await hasActivationDocuments(h.db, t.id), true);
    const bad = await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/business_licence`, { body: { fileRef: 'f', number: '91110000802100433C' } });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'INVALID_DOCUMENT');
    assert.equal((await h.call(op, 'PUT', `/api/v1/tenants/${t.id}/documents/passport`, { body: { fileRef: 'f', number: '1' } })).statusCode, 400);

    const admin = await h.as(t.id, 'docs-admin', 'tenant_admin');
    const own = await h.call(admin, 'GET', '/api/v1/tenant/documents');
    assert.deepEqual(own.json().map((d: { kind: string; verified: boolean }) => [d.kind, d.verified]), [['business_licence', true], ['handler_id', true]]);
    const audit = await h.call(admin, 'GET', '/api/v1/audit');
    assert.equal(audit.statusCode, 200, audit.body);
    const actions = (audit.json() as Array<{ action: string }>).map((e) => e.action);
    for (const a of ['tenant.create', 'tenant.document', 'tenant.document-verify']) assert.ok(actions.includes(a), `${a} in ${actions.join()}`);
  });

  test('a tenant user reads only its own tenant; tenant routes of the operator are forbidden', async () => {
    const a = (await h.call(op, 'POST', '/api/v1/tenants', { body: { ...acme, code: 'a1', socialCreditCode: null } })).json();
    const b = (await h.call(op, 'POST', '/api/v1/tenants', { body: { ...acme, code: 'b1', socialCreditCode: null } })).json();
    const adminA = await h.as(a.id, 'a1-admin', 'tenant_admin');
    const supA = await h.as(a.id, 'a1-sup', 'supervisor');
    const agentA = await h.as(a.id, 'a1-agent', 'agent');
    assert.equal((await h.call(adminA, 'GET', '/api/v1/tenant')).json().code, 'a1');
    assert.equal((await h.call(supA, 'GET', '/api/v1/tenant')).json().code, 'a1');
    assert.equal((await h.call(agentA, 'GET', '/api/v1/tenant')).statusCode, 403);
    assert.equal((await h.call(supA, 'GET', '/api/v1/tenant/documents')).statusCode, 403);
    for (const [method, url] of [
      ['GET', '/api/v1/tenants'],
      ['GET', `/api/v1/tenants/${b.id}`],
      ['PATCH', `/api/v1/tenants/${a.id}`],
      ['POST', `/api/v1/tenants/${a.id}/status`],
      ['PUT', `/api/v1/tenants/${a.id}/documents/handler_id/verification`],
    ] as const) {
      const res = await h.call(adminA, method, url, { body: method === 'GET' ? undefined : { seats: 1 } });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    assert.equal((await h.call(op, 'GET', '/api/v1/tenant')).statusCode, 403, 'the operator has no own tenant');
  });

  test('fuzzed bodies are 4xx and change nothing', async () => {
    const before = (await listTenants(h.db)).length;
    const bodies: unknown[] = [
      { ...acme, code: 'x'.repeat(65) },
      { ...acme, code: 'f1', name: 'x'.repeat(10_000) },
      { ...acme, code: 'f2', seats: '10' },
      { ...acme, code: 'f3', seats: -1 },
      { ...acme, code: 'f4', timeZone: 'Mars/Olympus' },
      { ...acme, code: 'f5', socialCreditCode: '91350100M000100Y44' },
      { ...acme, code: 'f6', contact: { name: 'x', phone: '1' } },
      { ...acme, code: 'f7', status: 'active' },
      { ...acme, code: 'f8', tenantId: 'x' },
      [],
      'just a string',
    ];
    for (const body of bodies) {
      const res = await h.call(op, 'POST', '/api/v1/tenants', { body });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(body).slice(0, 60)}`);
    }
    assert.equal((await listTenants(h.db)).length, before);
  });
});
