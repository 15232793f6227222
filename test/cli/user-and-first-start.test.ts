/**
 * The first start and the operator's accounts, through the real `hotline` command on a temp data
 * directory: the first `hotline start` creates the operator account and prints its password once
 * (beside the demo users, or alone with HOTLINE_DEMO=false); `hotline user add` and
 * `hotline user reset-password` print passwords that sign in over the real HTTP API.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { freePort } from '../support/free-port.ts';
import { startHotline } from '../support/hotline-process.ts';

const bin = fileURLToPath(new URL('../../bin/hotline.mjs', import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function envFor(dataDir: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const sip = await freePort('tcp');
  const rtp = 30000 + Math.floor(Math.random() * 20000);
  return {
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_SIP_ADDRESS: '127.0.0.1',
    HOTLINE_SIP_PORT: String(sip),
    HOTLINE_HTTP_ADDRESS: '127.0.0.1',
    HOTLINE_HTTP_PORT: String(await freePort('tcp')),
    HOTLINE_RTP_PORTS: `${rtp}-${rtp + 20}`,
    HOTLINE_MEDIA_WORKERS: '0',
    ...extra,
  };
}

/** Starts `hotline start`, runs `whileUp`, stops it and returns all it printed. */
async function startOnce(env: Record<string, string>, whileUp?: () => Promise<void>): Promise<string> {
  const { child, ready, output } = startHotline(env);
  try {
    await ready;
    // An answer over HTTP means start-up has finished its turn: the first-start lines are written
    // and the SIGTERM handler is in place (a signal before it would kill the process outright).
    assert.equal((await fetch(`http://127.0.0.1:${env.HOTLINE_HTTP_PORT}/healthz`)).status, 200);
    await whileUp?.();
  } finally {
    await stop(child);
  }
  // Read after the pipes closed: the first-start lines come after 'Hotline is up'.
  return output();
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

function hotline(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

async function signIn(env: Record<string, string>, username: string, password: string): Promise<{ status: number; body: { user?: { role: string; mustChangePassword: boolean } } }> {
  const res = await fetch(`http://127.0.0.1:${env.HOTLINE_HTTP_PORT}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'sign-in' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

const operatorPassword = (out: string) => /user operator \(operator_admin\) password (\S+)/.exec(out)?.[1];

test('HOTLINE_DEMO=false: the first start creates only the operator, whose password signs in; user add and reset-password work; a second start prints no password', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-first-'));
  dirs.push(dataDir);
  const env = await envFor(dataDir, { HOTLINE_DEMO: 'false' });
  const first = await startOnce(env);
  const password = operatorPassword(first);
  assert.ok(password, first);
  assert.doesNotMatch(first, /demo set/, 'no demo set with HOTLINE_DEMO=false');

  // Created while the platform is down, on the same data directory.
  const added = hotline(env, 'user', 'add', 'ops2', '--role', 'operator_admin', '--name', 'Second operator');
  assert.equal(added.status, 0, added.stderr);
  const ops2Password = /shown only once.*: (\S+)\n/.exec(added.stdout)?.[1];
  assert.ok(ops2Password, added.stdout);
  const again = hotline(env, 'user', 'add', 'ops2', '--role', 'operator_admin');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /ops2 is taken/);
  const badRole = hotline(env, 'user', 'add', 'x1', '--role', 'emperor');
  assert.equal(badRole.status, 2);
  const noTenant = hotline(env, 'user', 'add', 'x1', '--role', 'agent', '--tenant', 'nope');
  assert.equal(noTenant.status, 1);
  assert.match(noTenant.stderr, /no tenant with code nope/);
  const reset = hotline(env, 'user', 'reset-password', 'operator');
  assert.equal(reset.status, 0, reset.stderr);
  const newPassword = /sessions are ended\): (\S+)\n/.exec(reset.stdout)?.[1];
  assert.ok(newPassword && newPassword !== password, reset.stdout);
  assert.equal(hotline(env, 'user', 'reset-password', 'nobody').status, 1);

  const second = await startOnce(env, async () => {
    const old = await signIn(env, 'operator', password);
    assert.equal(old.status, 401, JSON.stringify(old.body));
    const op = await signIn(env, 'operator', newPassword);
    assert.equal(op.status, 200);
    assert.equal(op.body.user?.role, 'operator_admin');
    assert.equal(op.body.user?.mustChangePassword, true);
    const two = await signIn(env, 'ops2', ops2Password);
    assert.equal(two.status, 200);
    assert.equal(two.body.user?.role, 'operator_admin');
  });
  assert.equal(operatorPassword(second), undefined, 'a password is printed at the first start only');
});

test('the default first start prints the operator beside the demo users', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-first-demo-'));
  dirs.push(dataDir);
  const env = await envFor(dataDir);
  const out = await startOnce(env);
  const password = operatorPassword(out);
  assert.ok(password, out);
  assert.match(out, /user demo-admin \(tenant_admin\) password/);
});
