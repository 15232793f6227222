import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

forEachDialect('api audit (C33)', ({ open }) => {
  let h: ApiHarness;
  let adminA: Caller;
  let adminB: Caller;
  let operator: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    adminA = await h.as('AA', 'audit.a', 'tenant_admin');
    adminB = await h.as('AB', 'audit.b', 'tenant_admin');
    operator = await h.as(null, 'audit.op', 'operator_admin');
  });
  after(() => h?.close());

  test("every admin change is logged with who, what, when and the client address; only that tenant's admins read it", async () => {
    // Entries of the same millisecond have no defined order: start after the set-up's entries.
    h.clock.advance(1000);
    const created = await h.call(adminA, 'POST', '/api/v1/users', { body: { username: 'logged.agent', role: 'agent', displayName: 'L', agentId: '3001' }, remoteAddress: '203.0.113.9' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    h.clock.advance(1000);
    assert.equal((await h.call(adminA, 'PATCH', `/api/v1/users/${id}`, { body: { displayName: 'Logged' }, remoteAddress: '203.0.113.9' })).statusCode, 200);
    h.clock.advance(1000);
    assert.equal((await h.call(adminA, 'DELETE', `/api/v1/users/${id}`, { remoteAddress: '203.0.113.9' })).statusCode, 204);
    const log = await h.call(adminA, 'GET', '/api/v1/audit', { query: { limit: '3' } });
    assert.equal(log.statusCode, 200);
    const entries = log.json() as Array<{ action: string; actor: { name: string }; ip: string; at: string; targetId: string }>;
    assert.deepEqual(entries.map((e) => e.action), ['user.delete', 'user.update', 'user.create']);
    assert.ok(entries.every((e) => e.actor.name === 'audit.a' && e.ip === '203.0.113.9' && e.targetId === id));
    assert.equal(entries[0]?.at, h.clock.now().toISOString());
    const b = await h.call(adminB, 'GET', '/api/v1/audit');
    assert.ok(!b.body.includes(id), "tenant B does not see tenant A's log");
    const platform = await h.call(operator, 'GET', '/api/v1/audit/platform', { query: { tenantId: 'AA', limit: '500' } });
    assert.equal(platform.statusCode, 200);
    assert.ok(platform.body.includes(id), "the operator can read a tenant's log");
  });

  test('supervisors and agents cannot read the log', async () => {
    const sup = await h.as('AA', 'audit.sup', 'supervisor');
    assert.equal((await h.call(sup, 'GET', '/api/v1/audit')).statusCode, 403);
  });

  test('a refused change leaves no audit entry', async () => {
    const before = (await h.call(adminA, 'GET', '/api/v1/audit', { query: { limit: '500' } })).json().length as number;
    const dup = await h.call(adminA, 'POST', '/api/v1/users', { body: { username: 'audit.b', role: 'agent', displayName: 'dup' } });
    assert.equal(dup.statusCode, 409);
    const weak = await h.call(adminA, 'POST', '/api/v1/users', { body: { username: 'weakling', role: 'agent', displayName: 'w', password: '123456' } });
    assert.equal(weak.statusCode, 422);
    assert.equal((await h.call(adminA, 'GET', '/api/v1/audit', { query: { limit: '500' } })).json().length, before);
  });
});
