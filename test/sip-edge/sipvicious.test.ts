/**
 * Issue 11, findings 1, 2 and 8 reproduced the way they were found: Debian's sipvicious against the
 * running platform on loopback. svcrack against a provisioned phone finds nothing and its address
 * is banned (at once for its scanner User-Agent; after HOTLINE_SIP_AUTH_MAX_FAILURES wrong
 * passwords when the User-Agent check is off); svwar finds no extension (REGISTER and INVITE are
 * answered alike for existing and unknown users); svmap cannot name the product.
 * sipvicious 0.3.3 cannot bind another address (svcrack ignores -b), so it sends from 127.0.0.1
 * and the trunk sits on another loopback address.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';

const PASSWORD = 'guess-0050';

interface Run {
  out: string;
  code: number;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ out: `${stdout}\n${stderr}`, code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0 });
    });
  });
}

async function platform(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness({ env });
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.9'], proxy: { host: '127.0.0.9', port: 5999, transport: 'udp' } }],
    tenants: [tenantWithNumber('4006123456', [{ sip: '1001' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: PASSWORD } }])],
  });
  return h;
}

/** 500 guesses, the right one 51st (svcrack found the password among 500 in 3.2 s). */
function dictionary(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'svcrack-')), 'words.txt');
  writeFileSync(file, `${Array.from({ length: 500 }, (_, i) => `guess-${String(i).padStart(4, '0')}`).join('\n')}\n`);
  return file;
}

const svcrack = (h: Harness) => run('svcrack', ['-u', '1001', '-d', dictionary(), '-x', '127.0.0.1', '--maximumtime', '3', '-p', String(h.platform.sipPort), '127.0.0.1']);
const failureLines = (h: Harness) => h.logs().split('\n').filter((l) => / sip auth failed: user="1001" source=127\.0\.0\.1 /.test(l));

describe('sipvicious against the platform', () => {
  const harnesses: Harness[] = [];
  after(async () => {
    for (const h of harnesses) await h.stop();
  });

  test('svcrack as shipped (User-Agent friendly-scanner): nothing found, no password tried, banned at its first request', async () => {
    const h = await platform({});
    harnesses.push(h);
    const r = await svcrack(h);
    assert.doesNotMatch(r.out, new RegExp(PASSWORD), r.out);
    assert.match(r.out, /found nothing|no server response/, r.out);
    assert.equal(failureLines(h).length, 0, 'no credentials were even looked at');
    assert.match(h.logs(), /sip edge ban: source=127\.0\.0\.1 seconds=300 reason=scanner detail="User-Agent \?friendly-scanner\?"/);
    const edge = h.platform.sipStats().edge;
    assert.equal(edge?.bans.scanner, 1);
    assert.equal(h.platform.registrar.bindingCount(), 0);
  });

  test('svcrack with the User-Agent check off: banned after 5 wrong passwords, one fail2ban line each, password not found', async () => {
    const h = await platform({ HOTLINE_SIP_DROP_SCANNERS: 'false' });
    harnesses.push(h);
    const r = await svcrack(h);
    assert.doesNotMatch(r.out, new RegExp(PASSWORD), r.out);
    assert.match(r.out, /found nothing/, r.out);
    const lines = failureLines(h);
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z sip auth failed: user="1001" source=127\.0\.0\.1 port=\d+ transport=udp method=REGISTER failures=1$/);
    assert.match(h.logs(), /sip edge ban: source=127\.0\.0\.1 seconds=300 reason=auth detail="5 failed authentications"/);
    const edge = h.platform.sipStats().edge;
    assert.ok((edge?.dropped.banned ?? 0) > 100, `svcrack went on guessing into the void: ${JSON.stringify(edge)}`);
    assert.equal(h.platform.registrar.bindingCount(), 0);
  });

  test('svwar finds no extension: REGISTER and INVITE are answered alike for 1001 and for users that do not exist', async () => {
    const h = await platform({ HOTLINE_SIP_DROP_SCANNERS: 'false', HOTLINE_SIP_RATE_LIMIT: '0' });
    harnesses.push(h);
    for (const method of ['REGISTER', 'INVITE', 'OPTIONS']) {
      const r = await run('svwar', ['--force', '-e', '995-1005', '-m', method, '-p', String(h.platform.sipPort), '127.0.0.1']);
      assert.doesNotMatch(r.out, /1001/, `${method}: ${r.out}`);
      assert.doesNotMatch(r.out, /\| *Extension *\| *Authentication *\|[\s\S]*\| *\d+ *\| *(reqauth|noauth|weird)/, `${method}: ${r.out}`);
    }
    // As shipped, svwar is not even answered.
    const h2 = await platform({});
    harnesses.push(h2);
    const r = await run('svwar', ['-e', '995-1005', '-p', String(h2.platform.sipPort), '127.0.0.1']);
    assert.doesNotMatch(r.out, /1001/, r.out);
    assert.equal(h2.platform.sipStats().edge?.bans.scanner, 1);
  });

  test('svmap does not fingerprint the platform: no product name in any answer', async () => {
    const h = await platform({ HOTLINE_SIP_DROP_SCANNERS: 'false' });
    harnesses.push(h);
    const r = await run('svmap', ['-p', String(h.platform.sipPort), '127.0.0.1']);
    assert.match(r.out, /127\.0\.0\.1/, `svmap sees a SIP device when scanners are answered: ${r.out}`);
    assert.doesNotMatch(r.out, /hotline/i, r.out);
    const shipped = await platform({});
    harnesses.push(shipped);
    const r2 = await run('svmap', ['-p', String(shipped.platform.sipPort), '127.0.0.1']);
    assert.doesNotMatch(r2.out, /hotline/i, r2.out);
    assert.doesNotMatch(r2.out, new RegExp(`127\\.0\\.0\\.1:${shipped.platform.sipPort}`), `as shipped svmap finds nothing: ${r2.out}`);
  });
});
