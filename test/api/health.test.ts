/**
 * Issue 11 finding 8: the public /healthz says only up or down (it showed live call and
 * registration counts to anyone); the counts are the operator's, at GET /api/v1/platform/health.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listenHttp } from '../../src/platform/http-server.ts';
import { openFresh } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
let cleanup: () => Promise<void> = async () => {};
let healthy = true;
let base = '';
let stopHttp: () => Promise<void> = async () => {};

before(async () => {
  const opened = await openFresh('sqlite');
  cleanup = opened.cleanup;
  h = await ApiHarness.start(opened.database, { platformHealth: () => ({ sipPort: 5099, activeCalls: 3, registrations: 7, callsPerSecond: 1.5, mediaWorkers: [4, 2], startedAt: '2026-11-22T08:00:00.000Z' }) });
  const http = await listenHttp(h.app, { address: '127.0.0.1', port: 0, healthy: async () => healthy });
  base = `http://127.0.0.1:${http.port}`;
  stopHttp = () => new Promise<void>((resolve) => http.server.close(() => resolve()));
});
after(async () => {
  await stopHttp();
  await h.close();
  await cleanup();
});

test('/healthz without authentication: {"status":"up"} and nothing else; down is a 503', async () => {
  const up = await fetch(`${base}/healthz`);
  assert.equal(up.status, 200);
  assert.deepEqual(await up.json(), { status: 'up' });
  assert.equal(up.headers.get('cache-control'), 'no-store');
  healthy = false;
  const down = await fetch(`${base}/healthz`);
  assert.equal(down.status, 503);
  assert.deepEqual(await down.json(), { status: 'down' });
  healthy = true;
});

test('GET /api/v1/platform/health: the counts, for the operator only', async () => {
  const operator = await h.as(null, 'ops', 'operator_admin');
  const res = await h.call(operator, 'GET', '/api/v1/platform/health');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { status: 'up', sipPort: 5099, activeCalls: 3, registrations: 7, callsPerSecond: 1.5, mediaWorkers: [4, 2], startedAt: '2026-11-22T08:00:00.000Z' });
  const admin = await h.as('T1', 'tenant-boss', 'tenant_admin');
  assert.equal((await h.call(admin, 'GET', '/api/v1/platform/health')).statusCode, 403);
  assert.equal((await h.call({ kind: 'anonymous' }, 'GET', '/api/v1/platform/health')).statusCode, 401);
});
