import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiKey } from '../../src/api/auth/api-key-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

forEachDialect('api keys', ({ open }) => {
  let h: ApiHarness;
  let adminA: Caller & { kind: 'session' };
  before(async () => {
    h = await ApiHarness.start(await open());
    adminA = await h.as('KA', 'keys.admin.a', 'tenant_admin');
    await h.as('KB', 'keys.admin.b', 'tenant_admin');
  });
  after(() => h?.close());

  async function issue(rights: string[], admin: Caller = adminA): Promise<{ key: string; id: string }> {
    const res = await h.call(admin, 'POST', '/api/v1/api-keys', { body: { name: `k-${rights.join('-')}`, rights } });
    assert.equal(res.statusCode, 201, res.body);
    return { key: res.json().key, id: res.json().id };
  }

  test('a key is shown once, stored hashed, and listed without its secret', async () => {
    const { key } = await issue(['audit:read']);
    assert.match(key, /^hk_[A-Za-z0-9_-]{43}$/);
    const list = await h.call(adminA, 'GET', '/api/v1/api-keys');
    assert.ok(!list.body.includes(key));
    const rows = await h.db.withTables<{ api_keys: { key_hash: string } }>().selectFrom('api_keys').select('key_hash').execute();
    assert.ok(rows.every((r) => r.key_hash !== key && !r.key_hash.includes(key.slice(3))));
  });

  test('a key reaches only routes its rights name, only in its own tenant', async () => {
    const { key } = await issue(['audit:read']);
    const caller: Caller = { kind: 'key', key };
    const audit = await h.call(caller, 'GET', '/api/v1/audit');
    assert.equal(audit.statusCode, 200, audit.body);
    const entries = audit.json() as Array<{ tenantId: string }>;
    assert.ok(entries.length > 0 && entries.every((e) => e.tenantId === 'KA'));
    assert.equal((await h.call(caller, 'GET', '/api/v1/users')).statusCode, 403, 'no users:read');
    const withUsers = await issue(['users:read']);
    const users = await h.call({ kind: 'key', key: withUsers.key }, 'GET', '/api/v1/users');
    assert.equal(users.statusCode, 200);
    assert.ok((users.json() as Array<{ tenantId: string }>).every((u) => u.tenantId === 'KA'));
  });

  test('only rights some route asks of a key can be given; the others are refused with 400 and no key is made', async () => {
    const rights = (await h.call(adminA, 'GET', '/api/v1/api-keys/rights')).json() as string[];
    for (const r of ['audit:read', 'call-records:read', 'users:read', 'voicemails:read', 'retention:read', 'retention:write']) assert.ok(rights.includes(r), r);
    // users:write, api-keys:* and auth:* are closed to keys; cdr:* names no route.
    for (const r of ['cdr:read', 'users:write', 'api-keys:write', 'auth:read']) assert.ok(!rights.includes(r), r);
    const before = ((await h.call(adminA, 'GET', '/api/v1/api-keys')).json() as unknown[]).length;
    const res = await h.call(adminA, 'POST', '/api/v1/api-keys', { body: { name: 'legacy', rights: ['call-records:read', 'cdr:read', 'users:write'] } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'BAD_REQUEST');
    assert.deepEqual(res.json().details, { unknownRights: ['cdr:read', 'users:write'] });
    assert.equal(((await h.call(adminA, 'GET', '/api/v1/api-keys')).json() as unknown[]).length, before);
    const { key } = await issue(['call-records:read']);
    assert.equal((await h.call({ kind: 'key', key }, 'GET', '/api/v1/call-records')).statusCode, 200, 'call-records:read is the right the call-record routes ask');
  });

  test('keys never reach platform routes or routes closed to keys, whatever their rights', async () => {
    // Rights the API refuses to give, written straight to the store (as an older version could have).
    const { key } = await createApiKey(h.db, { tenantId: 'KA', name: 'old', rights: ['audit:read', 'users:write', 'api-keys:write', 'auth:read'], expiresAt: null, createdBy: null }, h.clock.now());
    const caller: Caller = { kind: 'key', key };
    assert.equal((await h.call(caller, 'GET', '/api/v1/audit/platform')).statusCode, 403);
    assert.equal((await h.call(caller, 'POST', '/api/v1/api-keys', { body: { name: 'x', rights: ['audit:read'] } })).statusCode, 403);
    assert.equal((await h.call(caller, 'POST', '/api/v1/users', { body: { username: 'bykey', role: 'agent', displayName: 'k' } })).statusCode, 403);
    assert.equal((await h.call(caller, 'GET', '/api/v1/auth/me')).statusCode, 403);
  });

  test('revoked, malformed and unknown keys are 401; a key in the URL is not a credential', async () => {
    const { key, id } = await issue(['audit:read']);
    assert.equal((await h.call(adminA, 'DELETE', `/api/v1/api-keys/${id}`)).statusCode, 204);
    const revoked = await h.call({ kind: 'key', key }, 'GET', '/api/v1/audit');
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.json().code, 'INVALID_API_KEY');
    for (const bad of ['hk_short', 'Bearer', `hk_${'A'.repeat(43)}`]) {
      assert.equal((await h.call({ kind: 'key', key: bad }, 'GET', '/api/v1/audit')).statusCode, 401, bad);
    }
    const basic = await h.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { authorization: 'Basic dXNlcjpwdw==' } });
    assert.equal(basic.statusCode, 401);
    const live = await issue(['audit:read']);
    const inUrl = await h.app.inject({ method: 'GET', url: `/api/v1/audit?api_key=${live.key}&access_token=${live.key}` });
    assert.equal(inUrl.statusCode, 401);
  });

  test("another tenant's key id is 404 for revocation, and the key keeps working", async () => {
    const adminB = await h.signIn('keys.admin.b');
    const { key, id } = await issue(['audit:read'], adminB);
    assert.equal((await h.call(adminA, 'DELETE', `/api/v1/api-keys/${id}`)).statusCode, 404);
    assert.equal((await h.call({ kind: 'key', key }, 'GET', '/api/v1/audit')).statusCode, 200);
  });

  test('expired keys are refused (fake clock); rights must be well-formed', async () => {
    const expiresAt = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    const res = await h.call(adminA, 'POST', '/api/v1/api-keys', { body: { name: 'short-lived', rights: ['audit:read'], expiresAt } });
    assert.equal(res.statusCode, 201, res.body);
    const caller: Caller = { kind: 'key', key: res.json().key };
    assert.equal((await h.call(caller, 'GET', '/api/v1/audit')).statusCode, 200);
    h.clock.advance(3600_000);
    assert.equal((await h.call(caller, 'GET', '/api/v1/audit')).statusCode, 401);
    const bad = await h.call(adminA, 'POST', '/api/v1/api-keys', { body: { name: 'x', rights: ['*'] } });
    assert.equal(bad.statusCode, 400);
  });
});
