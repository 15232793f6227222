import assert from 'node:assert/strict';
import { before, after, test } from 'node:test';
import { getNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { listBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';
import { twoTenants } from './support/two-tenants.ts';

const POLICY = {
  groups: { north: { phones: ['13800000001'], distribution: { strategy: 'round-robin' } }, duty: { phones: ['1001'] } },
  schedule: { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }], closed: { group: 'duty' } },
  regionRules: [{ name: 'North China', regions: [{ province: '北京' }], group: 'north' }],
  blocking: { numbers: ['13912345678'], anonymous: true },
  forwarding: { onBusy: ['13900000001'], onNoAnswer: ['13900000002'], ringTimeoutSeconds: 10 },
  memory: { days: 30 },
};

forEachDialect('api routing', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let other: Caller;
  let tenantId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    ({ tenantId, admin, supervisor, other } = await twoTenants(h));
    await h.user(tenantId, 'acme-phone', 'agent', { sipUsername: '1001', sipPassword: 'phone-secret-1' });
  });
  after(() => h?.close());

  test('an admin replaces bound phones and the policy; both read back and are audited', async () => {
    const phones = await h.call(admin, 'PUT', '/api/v1/routing/numbers/400-612-3456/bound-phones', { body: [{ kind: 'pstn', target: '+8613800000001' }, { kind: 'sip', target: '1001' }] });
    assert.equal(phones.statusCode, 200, phones.body);
    const put = await h.call(admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: POLICY });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().policy, POLICY);
    assert.equal(put.json().updatedBy, 'acme-admin');
    assert.deepEqual((await getNumberPolicy(h.db, tenantId, '4006123456'))?.policy, POLICY);
    const got = await h.call(supervisor, 'GET', '/api/v1/routing/numbers/4006123456');
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json().boundPhones, [{ kind: 'pstn', target: '+8613800000001' }, { kind: 'sip', target: '1001' }]);
    assert.deepEqual(got.json().policy.policy, POLICY);
    const audit = await h.call(admin, 'GET', '/api/v1/audit');
    const actions = (audit.json() as Array<{ action: string }>).map((e) => e.action);
    assert.ok(actions.includes('routing.policy.set') && actions.includes('routing.bound-phones.set'), actions.join());
    assert.equal((await h.call(admin, 'DELETE', '/api/v1/routing/numbers/4006123456/policy')).statusCode, 204);
    assert.deepEqual((await h.call(admin, 'GET', '/api/v1/routing/numbers/4006123456')).json().policy, { policy: {}, updatedAt: null, updatedBy: null });
    assert.equal((await h.call(admin, 'DELETE', '/api/v1/routing/numbers/4006123456/policy')).statusCode, 404);
  });

  test('bad policies: schema errors are 400, semantic ones 422 INVALID_POLICY; nothing changes', async () => {
    await h.call(admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: { memory: { days: 7 } } });
    const bad = await h.call(admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: { forwarding: { onBusy: ['1', '2', '3'] } } });
    assert.equal(bad.statusCode, 400, bad.body);
    const sem = await h.call(admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: { regionRules: [{ regions: [{ province: '北京' }], group: 'ghost' }] } });
    assert.equal(sem.statusCode, 422, sem.body);
    assert.equal(sem.json().code, 'INVALID_POLICY');
    const phones = await h.call(admin, 'PUT', '/api/v1/routing/numbers/4006123456/bound-phones', { body: [{ kind: 'pstn', target: '13800000001' }] });
    assert.equal(phones.statusCode, 422, phones.body);
    assert.deepEqual((await getNumberPolicy(h.db, tenantId, '4006123456'))?.policy, { memory: { days: 7 } });
  });

  test('another tenant’s number is 404; supervisors cannot write', async () => {
    assert.equal((await h.call(other, 'GET', '/api/v1/routing/numbers/4006123456')).statusCode, 404);
    assert.equal((await h.call(other, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: {} })).statusCode, 404);
    assert.equal((await h.call(other, 'PUT', '/api/v1/routing/numbers/4006123456/bound-phones', { body: [] })).statusCode, 404);
    assert.equal((await h.call(supervisor, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: {} })).statusCode, 403);
    assert.equal((await listBoundPhones(h.db, tenantId, '4006123456')).length, 2);
  });
});
