import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/api/app.ts';
import { listAudit } from '../../src/audit/audit-log.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

const FIXTURE_ROUTES = fileURLToPath(new URL('./fixtures/routes/', import.meta.url));

forEachDialect('api request transaction', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  before(async () => {
    const db = await open();
    // The core routes (sign-in) from one app, the test-only widget route from another on the same database.
    const core = await ApiHarness.start(db);
    admin = await core.as('TW', 'widget.admin', 'tenant_admin');
    await core.close();
    h = await ApiHarness.start(db, { routesFolder: FIXTURE_ROUTES });
  });
  after(() => h?.close());

  const widgetLog = async () => (await listAudit(h.db, { tenantId: 'TW', limit: 50 })).filter((e) => e.action === 'widget.create');

  test('a handler that returns commits its writes (audit entry with actor, IP and time)', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/widgets', { body: { outcome: 'ok' }, remoteAddress: '203.0.113.7' });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), { ok: true }, 'fields outside the response schema are dropped');
    const [entry] = await widgetLog();
    assert.ok(entry);
    assert.equal(entry.ip, '203.0.113.7');
    assert.equal(entry.actor.name, 'widget.admin');
    assert.equal(entry.tenantId, 'TW');
    assert.equal(entry.at, h.clock.now().toISOString());
  });

  test('a handler that throws rolls everything back: coded error, no audit entry', async () => {
    const before = (await widgetLog()).length;
    const conflict = await h.call(admin, 'POST', '/api/v1/widgets', { body: { outcome: 'api-error' } });
    assert.equal(conflict.statusCode, 409);
    assert.deepEqual(conflict.json(), { code: 'CONFLICT', message: 'widget clash', details: null });
    const crash = await h.call(admin, 'POST', '/api/v1/widgets', { body: { outcome: 'crash' } });
    assert.equal(crash.statusCode, 500);
    assert.equal(crash.json().code, 'INTERNAL');
    assert.ok(!crash.body.includes('hunter2'), 'no internals leak');
    const dbError = await h.call(admin, 'POST', '/api/v1/widgets', { body: { outcome: 'db-error' } });
    assert.equal(dbError.statusCode, 500);
    assert.equal((await widgetLog()).length, before);
  });

  test('the app refuses to start with a route that does not declare its access', async () => {
    const folder = fileURLToPath(new URL('./fixtures/undeclared-routes/', import.meta.url));
    await assert.rejects(buildApp({ db: h.database, routesFolder: folder }), /config\.access is missing/);
  });

  test('unknown routes are a coded 404', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/no-such-thing');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'NOT_FOUND');
  });
});
