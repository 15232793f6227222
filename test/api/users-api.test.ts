import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

forEachDialect('api users', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let operator: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    admin = await h.as('UT', 'users.admin', 'tenant_admin');
    operator = await h.as(null, 'users.op', 'operator_admin');
  });
  after(() => h?.close());

  test('a tenant admin creates an agent with agent ID, SIP account and bound number, all in their tenant', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/users', {
      body: { username: 'Wang.Fang', role: 'agent', displayName: '王芳', agentId: '8001', sipUsername: 'ut8001', sipPassword: 'sip-pass-8001', boundNumber: '+8613800138000', password: 'First-Passw0rd!' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const user = res.json();
    assert.equal(user.tenantId, 'UT');
    assert.equal(user.username, 'wang.fang');
    assert.equal(user.displayName, '王芳');
    assert.equal(user.agentId, '8001');
    assert.equal(user.boundNumber, '+8613800138000');
    assert.equal(user.mustChangePassword, true);
    const got = await h.call(admin, 'GET', `/api/v1/users/${user.id}`);
    assert.deepEqual(got.json(), user);
  });

  test('the tenant in the body is ignored: unknown fields such as tenantId are refused', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'smuggler', role: 'agent', displayName: 's', tenantId: 'OTHER' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
    assert.deepEqual(res.json().details.issues[0], { path: '/tenantId', message: 'unknown field' });
  });

  test('a tenant admin cannot create an operator admin; the operator creates only operator admins', async () => {
    const up = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'climber', role: 'operator_admin', displayName: 'c' } });
    assert.equal(up.statusCode, 422);
    assert.equal(up.json().code, 'INVALID_USER');
    const down = await h.call(operator, 'POST', '/api/v1/users', { body: { username: 'op.agent', role: 'agent', displayName: 'a' } });
    assert.equal(down.statusCode, 422);
    const op = await h.call(operator, 'POST', '/api/v1/users', { body: { username: 'second.op', role: 'operator_admin', displayName: 'Second' } });
    assert.equal(op.statusCode, 201, op.body);
    assert.equal(op.json().tenantId, null);
    const list = (await h.call(operator, 'GET', '/api/v1/users')).json() as Array<{ tenantId: string | null }>;
    assert.ok(list.length >= 2 && list.every((u) => u.tenantId === null), 'the operator lists operator admins only');
  });

  test('duplicates are 409 with a specific code', async () => {
    await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'dup.one', role: 'agent', displayName: 'd', agentId: '8100' } });
    const sameName = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'DUP.ONE', role: 'agent', displayName: 'd' } });
    assert.equal(sameName.json().code, 'NAME_UNAVAILABLE');
    const sameAgent = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'dup.two', role: 'agent', displayName: 'd', agentId: '8100' } });
    assert.equal(sameAgent.json().code, 'AGENT_ID_TAKEN');
  });

  test('patch clears optional fields with null; an admin cannot delete themselves', async () => {
    const created = (await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'patchy', role: 'agent', displayName: 'p', agentId: '8200', boundNumber: '+8613900139000' } })).json();
    const patched = await h.call(admin, 'PATCH', `/api/v1/users/${created.id}`, { body: { boundNumber: null, role: 'supervisor' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().boundNumber, null);
    assert.equal(patched.json().role, 'supervisor');
    assert.equal(patched.json().agentId, '8200');
    assert.equal((await h.call(admin, 'PATCH', `/api/v1/users/${created.id}`, { body: {} })).statusCode, 400, 'an empty patch');
    const me = (await h.call(admin, 'GET', '/api/v1/auth/me')).json().user.id as string;
    assert.equal((await h.call(admin, 'DELETE', `/api/v1/users/${me}`)).statusCode, 409);
  });

  test('supervisors read users but change nothing; agents do neither', async () => {
    const sup = await h.as('UT', 'users.sup', 'supervisor');
    const agent = await h.as('UT', 'users.agent', 'agent');
    assert.equal((await h.call(sup, 'GET', '/api/v1/users')).statusCode, 200);
    assert.equal((await h.call(sup, 'POST', '/api/v1/users', { body: { username: 'by.sup', role: 'agent', displayName: 'x' } })).statusCode, 403);
    assert.equal((await h.call(agent, 'GET', '/api/v1/users')).statusCode, 403);
  });

  test('C32: enabled agents cannot outnumber the seats the tenant rents', async () => {
    const tenant = await createTenant(h.db, { code: 'seated', name: 'Seated Ltd', contact: { name: 'C', phone: '+8613800138000', email: null }, seats: 2 }, 'test');
    const boss = await h.as(tenant.id, 'seat.admin', 'tenant_admin');
    const agent = (username: string) => h.call(boss, 'POST', '/api/v1/users', { body: { username, role: 'agent', displayName: username } });
    const first = (await agent('seat.one')).json().id as string;
    assert.equal((await agent('seat.two')).statusCode, 201);
    const third = await agent('seat.three');
    assert.equal(third.statusCode, 409);
    assert.equal(third.json().code, 'SEATS_EXHAUSTED');
    const sup = await h.call(boss, 'POST', '/api/v1/users', { body: { username: 'seat.sup', role: 'supervisor', displayName: 's' } });
    assert.equal(sup.statusCode, 201, 'supervisors take no agent seat');
    assert.equal((await h.call(boss, 'PATCH', `/api/v1/users/${sup.json().id}`, { body: { role: 'agent' } })).json().code, 'SEATS_EXHAUSTED');
    assert.equal((await h.call(boss, 'PATCH', `/api/v1/users/${first}`, { body: { disabled: true } })).statusCode, 200);
    assert.equal((await agent('seat.three')).statusCode, 201, 'a disabled agent frees the seat');
    assert.equal((await h.call(boss, 'PATCH', `/api/v1/users/${first}`, { body: { disabled: false } })).json().code, 'SEATS_EXHAUSTED');
    assert.equal((await h.call(boss, 'PATCH', `/api/v1/users/${first}`, { body: { displayName: 'still off' } })).statusCode, 200);
  });

  test('C32 under concurrency: two admins adding the last seat at once — exactly one wins', async () => {
    const tenant = await createTenant(h.db, { code: 'racing', name: 'Racing Ltd', contact: { name: 'C', phone: '+8613800138000', email: null }, seats: 1 }, 'test');
    const one = await h.as(tenant.id, 'race.admin1', 'tenant_admin');
    const two = await h.as(tenant.id, 'race.admin2', 'tenant_admin');
    const results = await Promise.all([
      h.call(one, 'POST', '/api/v1/users', { body: { username: 'race.a', role: 'agent', displayName: 'a' } }),
      h.call(two, 'POST', '/api/v1/users', { body: { username: 'race.b', role: 'agent', displayName: 'b' } }),
    ]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409]);
  });

  test("an admin's password reset ends the user's sessions and forces a change at the next sign-in", async () => {
    const id = await h.user('UT', 'reset.me', 'agent');
    const victim = await h.signIn('reset.me');
    const res = await h.call(admin, 'PATCH', `/api/v1/users/${id}`, { body: { password: 'Reset-Passw0rd-9' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().mustChangePassword, true);
    assert.equal((await h.call(victim, 'GET', '/api/v1/auth/me')).statusCode, 401);
    const again = await h.signIn('reset.me', 'Reset-Passw0rd-9');
    assert.equal((await h.call(again, 'GET', '/api/v1/users')).json().code, 'PASSWORD_CHANGE_REQUIRED');
  });
});
