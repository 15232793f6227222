/**
 * The Swagger UI at /api/docs still works under the Content-Security-Policy every response now
 * carries (issue 11 finding 7): Chromium headless loads it from the listening API and the rendered
 * DOM shows the document's title, which only the UI's scripts can put there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listenHttp } from '../../src/platform/http-server.ts';
import { openFresh } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);

test('Chromium renders the Swagger UI under the CSP', { skip: !chromium && 'needs Debian chromium' }, async () => {
  const opened = await openFresh('sqlite');
  const h = await ApiHarness.start(opened.database);
  const http = await listenHttp(h.app, { address: '127.0.0.1', port: 0, healthy: async () => true });
  const profile = mkdtempSync(join(tmpdir(), 'hotline-docs-chromium-'));
  try {
    const probe = await fetch(`http://127.0.0.1:${http.port}/api/docs/static/index.html`);
    assert.match(probe.headers.get('content-security-policy') ?? '', /default-src 'self'/, 'the page is served under the CSP');
    // spawnSync would block the event loop that serves the page: run Chromium asynchronously.
    const { spawn } = await import('node:child_process');
    const dom = await new Promise<{ out: string; err: string }>((resolve, reject) => {
      const child = spawn(chromium ?? 'chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom', `http://127.0.0.1:${http.port}/api/docs/static/index.html`]);
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        resolve({ out, err });
      });
    });
    assert.match(dom.out, /Hotline API/, `the UI rendered the OpenAPI title (scripts ran, the spec was fetched): ${dom.out.slice(0, 400)} ${dom.err.slice(0, 400)}`);
    assert.match(dom.out, /class="[^"]*opblock/, 'operations are listed');
    assert.doesNotMatch(dom.err, /Content Security Policy/, 'no CSP violation reported');
  } finally {
    await new Promise<void>((resolve) => http.server.close(() => resolve()));
    await h.close();
    await opened.cleanup();
    rmSync(profile, { recursive: true, force: true });
  }
});
