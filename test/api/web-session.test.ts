/**
 * Issue 11 finding 7: the session cookie is `Secure` and `__Host-` whenever the platform is reached
 * over HTTPS — its own TLS, or a trusted proxy's X-Forwarded-Proto — and every response carries the
 * security headers. Over real HTTPS (a self-signed certificate, node:https) and through inject for
 * the proxy cases.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { listenHttp } from '../../src/platform/http-server.ts';
import { openFresh } from '../support/databases.ts';
import { selfSignedCertificate } from '../support/self-signed.ts';
import type { TestCertificate } from '../support/self-signed.ts';
import { ApiHarness, STRONG_PASSWORD } from './support/api-harness.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function httpsCall(port: number, method: string, path: string, opts: { body?: unknown; cookie?: string; csrf?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        rejectUnauthorized: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          'x-csrf-token': opts.csrf ?? 'anonymous',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function assertSecurityHeaders(headers: Record<string, unknown>, https: boolean, where: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  assert.equal(headers['x-frame-options'], 'DENY', where);
  assert.equal(headers['referrer-policy'], 'no-referrer', where);
  const csp = String(headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "media-src 'self' blob:", "script-src 'self'"]) {
    assert.ok(csp.includes(directive), `${where}: CSP has ${directive}: ${csp}`);
  }
  assert.match(csp, /connect-src 'self'[^;]* wss:\/\//, `${where}: CSP allows the WebSocket of this origin`);
  if (https) assert.equal(headers['strict-transport-security'], 'max-age=31536000', where);
  else assert.equal(headers['strict-transport-security'], undefined, `${where}: no HSTS over plain HTTP`);
}

describe('web session over the platform’s own TLS', () => {
  let h: ApiHarness;
  let cert: TestCertificate;
  let port = 0;
  let close: () => Promise<void> = async () => {};
  before(async () => {
    cert = selfSignedCertificate();
    const opened = await openFresh('sqlite');
    h = await ApiHarness.start(opened.database);
    await h.user('T1', 'secure-agent', 'agent');
    const http = await listenHttp(h.app, { address: '127.0.0.1', port: 0, healthy: async () => true, tls: { cert: cert.cert, key: cert.key } });
    port = http.port;
    close = async () => {
      await new Promise<void>((resolve) => {
        http.server.close(() => resolve());
        http.server.closeAllConnections();
      });
      await h.close();
      await opened.cleanup();
      cert.remove();
    };
  });
  after(() => close());

  test('sign-in over HTTPS sets __Host-hotline_session; Secure, HttpOnly, Path=/, no Domain; the session works', async () => {
    const res = await httpsCall(port, 'POST', '/api/v1/auth/sign-in', { body: { username: 'secure-agent', password: STRONG_PASSWORD } });
    assert.equal(res.status, 200, res.body);
    const setCookie = (res.headers['set-cookie'] ?? []).join('\n');
    const m = /^__Host-hotline_session=([^;]+);(.*)$/m.exec(setCookie);
    assert.ok(m, `a __Host- cookie: ${setCookie}`);
    const attrs = (m[2] ?? '').split(';').map((a) => a.trim().toLowerCase());
    assert.ok(attrs.includes('secure'), setCookie);
    assert.ok(attrs.includes('httponly'), setCookie);
    assert.ok(attrs.includes('path=/'), setCookie);
    assert.ok(!attrs.some((a) => a.startsWith('domain=')), setCookie);
    assertSecurityHeaders(res.headers, true, 'sign-in');
    const me = await httpsCall(port, 'GET', '/api/v1/auth/me', { cookie: `__Host-hotline_session=${m[1]}` });
    assert.equal(me.status, 200, me.body);
    // The unprefixed cookie — which a plain-HTTP page could have planted — is not read over HTTPS.
    const planted = await httpsCall(port, 'GET', '/api/v1/auth/me', { cookie: `hotline_session=${m[1]}` });
    assert.equal(planted.status, 401);
  });

  test('every answer carries the headers over HTTPS: errors, 404, the docs, /healthz', async () => {
    for (const path of ['/api/v1/auth/me', '/nowhere', '/api/docs/static/index.html', '/api/openapi.json', '/healthz']) {
      const res = await httpsCall(port, 'GET', path);
      assertSecurityHeaders(res.headers, true, path);
    }
  });
});

describe('web session behind a trusted proxy', () => {
  let h: ApiHarness;
  let cleanup: () => Promise<void> = async () => {};
  before(async () => {
    const opened = await openFresh('sqlite');
    cleanup = opened.cleanup;
    h = await ApiHarness.start(opened.database, { trustProxy: ['10.0.0.1'] });
    await h.user('T1', 'proxied', 'agent');
  });
  after(async () => {
    await h.close();
    await cleanup();
  });

  const signIn = (remoteAddress: string, headers: Record<string, string>, password = STRONG_PASSWORD) =>
    h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'proxied', password }, remoteAddress, headers });

  test('X-Forwarded-Proto: https from the trusted proxy: __Host- and Secure, HSTS', async () => {
    const res = await signIn('10.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.10' });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === '__Host-hotline_session');
    assert.ok(cookie, JSON.stringify(res.cookies));
    assert.equal(cookie.secure, true);
    assert.equal(cookie.path, '/');
    assertSecurityHeaders(res.headers, true, 'proxied https');
  });

  test('the same headers from anyone else are ignored: plain cookie, no HSTS', async () => {
    const res = await signIn('198.51.100.9', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.11' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.cookies.find((c) => c.name === 'hotline_session' && c.secure !== true), JSON.stringify(res.cookies));
    assertSecurityHeaders(res.headers, false, 'untrusted');
  });

  test('the sign-in lock counts the client behind the proxy, not the proxy (one client locked, the next not)', async () => {
    for (let i = 0; i < 10; i++) await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: `nobody-${i}`, password: 'wrong' }, remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '203.0.113.66' } });
    assert.equal((await signIn('10.0.0.1', { 'x-forwarded-for': '203.0.113.66' })).statusCode, 429, 'the guessing client is locked');
    assert.equal((await signIn('10.0.0.1', { 'x-forwarded-for': '203.0.113.67' })).statusCode, 200, 'another client through the same proxy is not');
    // A client talking directly cannot pose as someone else with its own X-Forwarded-For.
    for (let i = 0; i < 10; i++) await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: `nobody-${i}`, password: 'wrong' }, remoteAddress: '198.51.100.50', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
    assert.equal((await signIn('198.51.100.50', {})).statusCode, 429, 'its forged addresses all counted against its own');
  });

  test('plain HTTP: headers on every answer, no HSTS, the plain cookie', async () => {
    for (const url of ['/api/v1/auth/me', '/nowhere', '/api/openapi.json']) {
      const res = await h.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.9' });
      assertSecurityHeaders(res.headers, false, url);
    }
  });
});
