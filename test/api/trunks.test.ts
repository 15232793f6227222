import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { trunkChanges } from '../../src/trunks/trunk-changes.ts';
import { listTrunks } from '../../src/trunks/trunk-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

const body = {
  name: 'unicom-bj',
  addresses: ['203.0.113.10', '2001:db8:1::/48'],
  proxy: { host: 'sbc.unicom.example', port: 5060, transport: 'udp' },
  registration: { username: '4006123456', password: 's3cret-pass', realm: 'unicom.example' },
  maxConcurrentCalls: 30,
};

forEachDialect('api trunks', ({ open }) => {
  let h: ApiHarness;
  let op: Caller;
  let admin: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    op = await h.as(null, 'root', 'operator_admin');
    const tenant = await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test');
    admin = await h.as(tenant.id, 'acme-admin', 'tenant_admin');
  });
  after(() => h?.close());

  test('create, read, update (password kept), delete — with audit and change announcements', async () => {
    let announced = 0;
    const off = trunkChanges.subscribe(() => announced++);
    try {
      const created = await h.call(op, 'POST', '/api/v1/trunks', { body });
      assert.equal(created.statusCode, 201, created.body);
      const trunk = created.json();
      assert.deepEqual(trunk.registration, { username: '4006123456', realm: 'unicom.example', hasPassword: true });
      assert.equal(created.body.includes('s3cret'), false, 'the password never comes back');
      assert.equal(announced, 1);

      const list = await h.call(op, 'GET', '/api/v1/trunks');
      assert.deepEqual(list.json().map((t: { name: string }) => t.name), ['unicom-bj']);
      assert.equal((await h.call(op, 'GET', `/api/v1/trunks/${trunk.id}`)).json().maxConcurrentCalls, 30);

      const { password: _omit, ...regNoPassword } = body.registration;
      const updated = await h.call(op, 'PUT', `/api/v1/trunks/${trunk.id}`, { body: { ...body, registration: regNoPassword, enabled: false } });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().enabled, false);
      const [stored] = await listTrunks(h.db);
      assert.equal(stored?.registration?.password, 's3cret-pass', 'omitted password is kept');
      assert.equal(announced, 2);

      const audit = await h.call(op, 'GET', '/api/v1/audit/platform');
      assert.equal(audit.statusCode, 200, audit.body);
      const actions = (audit.json() as Array<{ action: string }>).map((e) => e.action);
      assert.ok(actions.includes('trunk.create') && actions.includes('trunk.update'), actions.join());
      assert.equal(audit.body.includes('s3cret'), false);

      assert.equal((await h.call(op, 'DELETE', `/api/v1/trunks/${trunk.id}`)).statusCode, 204);
      assert.equal((await h.call(op, 'GET', `/api/v1/trunks/${trunk.id}`)).statusCode, 404);
      assert.equal((await h.call(op, 'DELETE', `/api/v1/trunks/${trunk.id}`)).statusCode, 404);
      assert.equal(announced, 3);
    } finally {
      off();
    }
  });

  test('bad bodies are 4xx and change nothing', async () => {
    const bad: unknown[] = [
      { ...body, addresses: ['10.0.0.1/8'] },
      { ...body, addresses: ['x'.repeat(65)] },
      { ...body, name: 'has space' },
      { ...body, proxy: { ...body.proxy, port: 70000 } },
      { ...body, proxy: { ...body.proxy, transport: 'sctp' } },
      { ...body, maxConcurrentCalls: 0 },
      { ...body, extra: 1 },
      { ...body, registration: { username: 'u' } },
      { ...body, addresses: 'not-an-array' },
      {},
    ];
    let announced = 0;
    const off = trunkChanges.subscribe(() => announced++);
    try {
      for (const b of bad) {
        const res = await h.call(op, 'POST', '/api/v1/trunks', { body: b });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${JSON.stringify(b).slice(0, 80)}`);
        assert.equal(typeof res.json().code, 'string');
      }
    } finally {
      off();
    }
    assert.equal(announced, 0);
    assert.deepEqual(await listTrunks(h.db), []);
  });

  test('duplicate names are 409', async () => {
    assert.equal((await h.call(op, 'POST', '/api/v1/trunks', { body: { ...body, name: 'dup' } })).statusCode, 201);
    const res = await h.call(op, 'POST', '/api/v1/trunks', { body: { ...body, name: 'dup' } });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'TRUNK_NAME_TAKEN');
  });

  test('tenant users may not touch trunks', async () => {
    assert.equal((await h.call(admin, 'GET', '/api/v1/trunks')).statusCode, 403);
    assert.equal((await h.call(admin, 'POST', '/api/v1/trunks', { body: { ...body, name: 'evil' } })).statusCode, 403);
    assert.equal((await h.call({ kind: 'anonymous' }, 'GET', '/api/v1/trunks')).statusCode, 401);
  });
});
