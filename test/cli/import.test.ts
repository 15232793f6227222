import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/database.ts';
import { listBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { findActiveNumber } from '../../src/numbers/number-inventory.ts';

const bin = fileURLToPath(new URL('../../bin/hotline.mjs', import.meta.url));
const demo = fileURLToPath(new URL('../../examples/demo.yaml', import.meta.url));

function hotline(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, HOTLINE_DATA_DIR: dataDir } });
}

async function counts(dataDir: string): Promise<Record<string, number>> {
  const d = await openDatabase({ dataDir });
  try {
    const out: Record<string, number> = {};
    for (const t of ['trunks', 'tenants', 'number_inventory', 'bound_phones', 'users']) {
      const rows = await d.db.withTables<Record<string, { id: string }>>().selectFrom(t).selectAll().execute();
      out[t] = rows.length;
    }
    return out;
  } finally {
    await d.close();
  }
}

test('hotline import applies the demo file, and running it again changes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-import-'));
  try {
    const first = hotline(dataDir, 'import', demo);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /trunks 1 created \/ 0 updated; tenants 1 created \/ 0 updated; numbers 1; users 3 created \/ 0 updated/);
    const before = await counts(dataDir);
    assert.deepEqual(before, { trunks: 1, tenants: 1, number_inventory: 1, bound_phones: 3, users: 3 });
    const second = hotline(dataDir, 'import', demo);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /trunks 0 created \/ 1 updated; tenants 0 created \/ 1 updated; numbers 1; users 0 created \/ 3 updated/);
    assert.deepEqual(await counts(dataDir), before);
    const d = await openDatabase({ dataDir });
    try {
      const n = await findActiveNumber(d.db, '4006123456');
      assert.ok(n, 'the demo number is active');
      assert.deepEqual(await listBoundPhones(d.db, n.tenantId, '4006123456'), [
        { kind: 'sip', target: '1001' },
        { kind: 'sip', target: '1002' },
        { kind: 'pstn', target: '+8613800138000' },
      ]);
    } finally {
      await d.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad file is refused with the path of the problem and changes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-import-'));
  try {
    assert.equal(hotline(dataDir, 'import', demo).status, 0);
    const before = await counts(dataDir);
    const bad = join(dataDir, 'bad.yaml');
    writeFileSync(bad, 'tenants:\n  - code: other\n    name: x\n    contact: { name: a, phone: "1" }\n    numbers: [{ number: "4006123457" }]\n    users: [{ username: u1, role: emperor }]\n');
    const res = hotline(dataDir, 'import', bad);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /\/tenants\/0\/users\/0\/role/);
    const typo = join(dataDir, 'typo.yaml');
    writeFileSync(typo, 'trunkz: []\n');
    assert.match(hotline(dataDir, 'import', typo).stderr, /trunkz|additional/i);
    // Valid shape, but the second number is not a 400 number: the whole file rolls back.
    const half = join(dataDir, 'half.yaml');
    writeFileSync(half, 'trunks:\n  - { name: t2, addresses: [10.9.9.9], proxy: { host: 10.9.9.9 } }\ntenants:\n  - code: demo\n    name: 演示科技有限公司\n    contact: { name: 张经理, phone: "+8613800138000" }\n    numbers: [{ number: "4006123456" }, { number: "12345" }]\n');
    const r = hotline(dataDir, 'import', half);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not a 400 number/);
    assert.deepEqual(await counts(dataDir), before);
    assert.equal(hotline(dataDir, 'import', join(dataDir, 'missing.yaml')).status, 1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
