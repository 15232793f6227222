/**
 * The platform serves the built web app at / from its own Fastify: hashed assets cached for a year,
 * index.html revalidated every time, any app path that a browser navigates to answered with
 * index.html (the app routes from there), the API and its 404s untouched, the security headers on
 * all of it. A throw-away build folder stands in for web/dist.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/database.ts';

let dir: string;
let database: Database;
let app: FastifyInstance;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-web-'));
  const root = join(dir, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  database = await openDatabase({ dataDir: join(dir, 'data') });
  app = await buildApp({ db: database, webRoot: root });
});
after(async () => {
  await app?.close();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, accept = 'text/html,application/xhtml+xml') => app.inject({ method: 'GET', url, headers: { accept } });

test('/ is the app, revalidated on every load, under the CSP', async () => {
  const res = await get('/');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.equal(res.body, INDEX);
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
});

test('hashed assets are immutable for a year; other files revalidate', async () => {
  const js = await get('/assets/index-abc123.js', '*/*');
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  const icon = await get('/favicon.svg', 'image/*');
  assert.equal(icon.statusCode, 200);
  assert.equal(icon.headers['cache-control'], 'no-cache');
});

test('an asset built with a .gz beside it goes compressed to a browser that takes gzip', async () => {
  const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(gunzipSync(res.rawPayload).toString(), 'console.log(1)');
});

test('an app path opened or reloaded in the browser gets index.html', async () => {
  for (const path of ['/portal/call-records', '/portal/call-records?caller=139&outcome=answered', '/operator/tenants', '/sign-in?next=%2Fportal%2Fspending']) {
    const res = await get(path);
    assert.equal(res.statusCode, 200, path);
    assert.equal(res.body, INDEX, path);
    assert.equal(res.headers['cache-control'], 'no-cache', path);
  }
});

test('the API keeps its JSON 404s; a missing asset or a non-HTML request is a 404, not the app', async () => {
  for (const [path, accept] of [['/api/v1/nope', 'text/html'], ['/api/nope', 'text/html'], ['/assets/missing-1.js', 'text/html'], ['/portal/x', 'application/json']] as const) {
    const res = await get(path, accept);
    assert.equal(res.statusCode, 404, path);
    assert.equal(res.json().code, 'NOT_FOUND', path);
  }
  const post = await app.inject({ method: 'POST', url: '/portal/call-records', headers: { accept: 'text/html', 'content-type': 'application/json', 'x-csrf-token': 'x' }, payload: '{}' });
  assert.equal(post.statusCode, 404);
});

test('the API and its docs still answer as before', async () => {
  const me = await get('/api/v1/auth/me', 'application/json');
  assert.equal(me.statusCode, 401);
  const docs = await get('/api/docs');
  assert.equal(docs.statusCode, 200);
});
