import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../support/databases.ts';
import { closeMonth, previousMonth } from '../../src/reports/month-close.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { chargeCall } from '../../src/billing/charge-call.ts';
import { getBalance, ledgerTables } from '../../src/billing/ledger-store.ts';
import { provisionNumber } from '../../src/numbers/provision-number.ts';
import { listTenantNumbers } from '../../src/numbers/number-inventory.ts';
import { updateClassTerms } from '../../src/numbers/class-terms.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const OCT = new Date('2026-10-15T04:00:00.000Z');
const NOV = new Date('2026-11-22T08:00:00.000Z');

async function world(db: Kysely<object>): Promise<{ billed: string; free: string }> {
  const billed = (await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'op', OCT)).id;
  const free = (await createTenant(db, { code: 'free', name: 'Free', contact: { name: 'x', phone: '1', email: null } }, 'op', OCT)).id;
  const plan = await createRatePlan(db, { name: 'std', billingUnitSeconds: 60, monthlyFeeLi: 10_000, rates: { inbound_forward_mobile: 100 } }, 'op', OCT);
  await assignRatePlan(db, billed, plan.id, 'op', OCT);
  await provisionNumber(db, { number: '4006123456', tenantId: billed, status: 'active', by: 'test', now: OCT });
  const [n] = await listTenantNumbers(db, billed);
  assert.ok(n);
  await updateClassTerms(db, { ruleSetId: n.ruleSet, classCode: n.classCode, terms: { minMonthlySpendLi: 50_000 }, by: 'op', now: OCT });
  // 6 minutes of calls in October: 600 li.
  await chargeCall(db, { tenantId: billed, callId: 'call-1', talkSeconds: 360, callType: 'inbound_forward_mobile' }, 'system', OCT);
  return { billed, free };
}

forEachDialect('month close', ({ open }) => {
  test('posts the fee and the minimum-spend true-up once, in the closed month; tenants without a plan are skipped', async () => {
    const { db } = await open();
    const { billed } = await world(db);
    const first = await closeMonth(db, '2026-10', NOV);
    assert.deepEqual(first.tenants.map((t) => [t.code, t.feeLi, t.minimumLi, t.trueUpLi]), [['acme', 10_000, 50_000, 39_400]]);
    assert.equal(await getBalance(db, billed), -50_000, 'the month cost exactly the minimum');
    const entries = await ledgerTables(db).selectFrom('ledger_entries').selectAll().where('tenant_id', '=', billed).orderBy('created_at').execute();
    assert.deepEqual(entries.map((e) => e.kind), ['call_charge', 'monthly_fee', 'minimum_spend_true_up']);
    // Booked at the last instant of October in Asia/Shanghai.
    assert.equal(entries[2]?.created_at, '2026-10-31T15:59:59.999Z');
    const again = await closeMonth(db, '2026-10', NOV);
    assert.deepEqual(again.tenants.map((t) => [t.feeLi, t.trueUpLi]), [[10_000, 39_400]]);
    assert.equal((await ledgerTables(db).selectFrom('ledger_entries').select('id').where('tenant_id', '=', billed).execute()).length, 3, 'nothing new booked');
    assert.equal(await getBalance(db, billed), -50_000);
  });

  test('a month that has not ended is refused', async () => {
    const { db } = await open();
    await world(db);
    await assert.rejects(closeMonth(db, '2026-11', NOV), (e: unknown) => (e as { code?: string }).code === 'INVALID_PERIOD');
  });
});

test('previousMonth is the month before, in the zone', () => {
  assert.equal(previousMonth(new Date('2026-12-01T00:30:00.000Z')), '2026-11');
  assert.equal(previousMonth(new Date('2026-12-31T15:30:00.000Z')), '2026-11');
  assert.equal(previousMonth(new Date('2026-12-31T16:30:00.000Z')), '2026-12', 'already January 1st in Shanghai');
  assert.equal(previousMonth(new Date('2027-01-10T00:00:00.000Z')), '2026-12');
});

test('hotline month-close YYYY-MM runs the close and can be repeated', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-month-close-'));
  try {
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await world(database.db);
    await database.close();
    const bin = fileURLToPath(new URL('../../bin/hotline.mjs', import.meta.url));
    for (let i = 0; i < 2; i++) {
      const run = spawnSync(process.execPath, [bin, 'month-close', '2026-10'], { env: { ...process.env, HOTLINE_DATA_DIR: dataDir }, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /acme: monthly fee 10\.000 CNY, minimum 50\.000 CNY, true-up 39\.400 CNY/);
    }
    const bad = spawnSync(process.execPath, [bin, 'month-close', '2026-13'], { env: { ...process.env, HOTLINE_DATA_DIR: dataDir }, encoding: 'utf8' });
    assert.equal(bad.status, 2);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
