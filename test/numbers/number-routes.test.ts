import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { putTenantDocument, setTenantDocumentVerified } from '../../src/tenants/tenant-document-store.ts';
import { socialCreditCheckChar } from '../../src/tenants/social-credit-code.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';

const USCC = (() => {
  const first17 = '91110108551385082';
  return first17 + socialCreditCheckChar(first17);
})();

forEachDialect('api numbers', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  let acme: Caller;
  let acmeAgent: Caller;
  let other: Caller;
  let acmeId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    op = await h.as(null, 'root', 'operator_admin');
    const t1 = await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test');
    const t2 = await createTenant(h.db, { code: 'other', name: 'Other', contact: { name: 'y', phone: '2', email: null } }, 'test');
    acmeId = t1.id;
    acme = await h.as(t1.id, 'acme-admin', 'tenant_admin');
    acmeAgent = await h.as(t1.id, 'acme-agent', 'agent');
    other = await h.as(t2.id, 'other-admin', 'tenant_admin');
  });
  after(() => h?.close());

  test('operator fills the pool; tenants search it; the lifecycle through the API with audit', async () => {
    const add = await h.call(op, 'POST', '/api/v1/numbers/pool', { body: { numbers: ['400-612-8888', '4008888888', '4006123456', '4001003721'] } });
    assert.equal(add.statusCode, 201, add.body);
    assert.equal(add.json().added.length, 4);
    const bad = await h.call(op, 'POST', '/api/v1/numbers/pool', { body: { numbers: ['4006128888', '4002000000'] } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'NUMBER_INVALID');

    const search = await h.call(acme, 'GET', '/api/v1/numbers/pool', { query: { pattern: '*8888' } });
    assert.equal(search.statusCode, 200, search.body);
    assert.deepEqual(search.json().items.map((n: { display: string }) => n.display), ['400-612-8888', '400-888-8888']);
    const byClass = await h.call(acme, 'GET', '/api/v1/numbers/pool', { query: { classCode: 'A' } });
    assert.deepEqual(byClass.json().items.map((n: { number: string }) => n.number), ['4006123456']);
    assert.equal((await h.call(acmeAgent, 'GET', '/api/v1/numbers/pool')).statusCode, 403);

    const reserve = await h.call(acme, 'POST', '/api/v1/numbers/4006128888/reserve', { body: {} });
    assert.equal(reserve.statusCode, 200, reserve.body);
    assert.equal(reserve.json().status, 'reserved');
    const taken = await h.call(other, 'POST', '/api/v1/numbers/4006128888/reserve', { body: {} });
    assert.equal(taken.statusCode, 404, 'another tenant cannot tell a held number from a missing one');
    // Held numbers leave the pool on offer.
    assert.equal((await h.call(other, 'GET', '/api/v1/numbers/pool', { query: { pattern: '*8888' } })).json().items.length, 1);

    const assign = await h.call(op, 'POST', '/api/v1/numbers/pool/4006128888/assign', { body: { tenantId: acmeId, reason: 'contract 2026-118' } });
    assert.equal(assign.statusCode, 200, assign.body);
    assert.equal(assign.json().status, 'pending_activation');
    const noDocs = await h.call(op, 'POST', '/api/v1/numbers/pool/4006128888/activate', { body: { reason: 'opened' } });
    assert.equal(noDocs.statusCode, 422, noDocs.body);
    assert.equal(noDocs.json().code, 'NUMBER_LICENCE_MISSING');
    await putTenantDocument(h.db, acmeId, { kind: 'business_licence', fileRef: 'lic.pdf', number: USCC }, 'op');
    await putTenantDocument(h.db, acmeId, { kind: 'handler_id', fileRef: 'id.pdf', number: '110101199003070000' }, 'op');
    await setTenantDocumentVerified(h.db, acmeId, 'business_licence', true, 'op');
    await setTenantDocumentVerified(h.db, acmeId, 'handler_id', true, 'op');
    const act = await h.call(op, 'POST', '/api/v1/numbers/pool/4006128888/activate', { body: { reason: 'opened' } });
    assert.equal(act.statusCode, 200, act.body);
    assert.equal(act.json().status, 'active');

    const mine = await h.call(acme, 'GET', '/api/v1/numbers');
    assert.deepEqual(mine.json().map((n: { number: string }) => n.number), ['4006128888']);
    assert.equal((await h.call(acmeAgent, 'GET', '/api/v1/numbers')).statusCode, 403);
    assert.equal((await h.call(acme, 'GET', '/api/v1/numbers/400-612-8888')).json().status, 'active');
    const history = await h.call(acme, 'GET', '/api/v1/numbers/4006128888/history');
    assert.deepEqual(history.json().map((e: { action: string }) => e.action), ['reserve', 'assign', 'activate']);

    // Another tenant: the number does not exist for it.
    assert.equal((await h.call(other, 'GET', '/api/v1/numbers/4006128888')).statusCode, 404);
    assert.equal((await h.call(other, 'GET', '/api/v1/numbers/4006128888/history')).statusCode, 404);
    assert.equal((await h.call(other, 'POST', '/api/v1/numbers/4006128888/release', { body: { reason: 'mine' } })).statusCode, 404);
    assert.equal((await h.call(acme, 'POST', '/api/v1/numbers/pool/4006128888/suspend', { body: { reason: 'x' } })).statusCode, 403);

    const refused = await h.call(op, 'POST', '/api/v1/numbers/pool/4006128888/resume', { body: { reason: 'x' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'NUMBER_TRANSITION_REFUSED');
    assert.equal((await h.call(op, 'POST', '/api/v1/numbers/pool/4006128888/suspend', { body: { reason: 'balance exhausted' } })).statusCode, 200);
    const rel = await h.call(acme, 'POST', '/api/v1/numbers/4006128888/release', { body: { reason: 'closing' } });
    assert.equal(rel.statusCode, 200, rel.body);
    assert.equal(rel.json().status, 'released');

    const full = await h.call(op, 'GET', '/api/v1/numbers/pool/4006128888');
    assert.deepEqual(full.json().history.map((e: { action: string }) => e.action), ['add', 'reserve', 'assign', 'activate', 'suspend', 'release']);
    const audit = await h.call(acme, 'GET', '/api/v1/audit');
    const actions = (audit.json() as Array<{ action: string }>).map((e) => e.action);
    for (const a of ['number.reserve', 'number.assign', 'number.activate', 'number.suspend', 'number.release']) assert.ok(actions.includes(a), `${a} in ${actions.join()}`);
  });

  test('class terms: tenants read, the operator edits; rule set switch', async () => {
    const classes = await h.call(acme, 'GET', '/api/v1/numbers/classes');
    assert.equal(classes.statusCode, 200, classes.body);
    assert.equal(classes.json()[0].terms.minMonthlySpendLi, 50_000_000);
    assert.equal((await h.call(acme, 'PATCH', '/api/v1/numbers/classes/unicom-4006/A', { body: { minTermMonths: 12 } })).statusCode, 403);
    const edit = await h.call(op, 'PATCH', '/api/v1/numbers/classes/unicom-4006/A', { body: { minTermMonths: 30 } });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().terms.minTermMonths, 30);
    assert.equal((await h.call(op, 'PATCH', '/api/v1/numbers/classes/unicom-4006/A', { body: { minTermMonths: -1 } })).statusCode, 400);
    assert.equal((await h.call(op, 'PATCH', '/api/v1/numbers/classes/unicom-4006/A', { body: { bogus: 1 } })).statusCode, 400);
    const sw = await h.call(op, 'PUT', '/api/v1/numbers/rule-sets/active', { body: { ruleSetId: 'five-class' } });
    assert.equal(sw.statusCode, 200, sw.body);
    assert.equal((await h.call(op, 'GET', '/api/v1/numbers/rule-sets')).json().active, 'five-class');
    assert.equal((await h.call(op, 'PUT', '/api/v1/numbers/rule-sets/active', { body: { ruleSetId: 'nope' } })).statusCode, 404);
  });

  test('bad search input is a 4xx', async () => {
    const queries: Array<Record<string, string>> = [{ pattern: 'hello' }, { shape: 'aabb' }, { limit: '0' }, { status: 'bogus' }, { endsWith: 'x' }];
    for (const query of queries) {
      const res = await h.call(op, 'GET', '/api/v1/numbers/pool', { query });
      assert.equal(res.statusCode, 400, `${JSON.stringify(query)} ${res.body}`);
    }
  });
});
