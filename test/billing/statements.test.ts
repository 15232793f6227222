import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { BillingError } from '../../src/billing/billing-error.ts';
import { dailyTotals } from '../../src/billing/daily-totals.ts';
import { getBalance, postLedgerEntry, topUp } from '../../src/billing/ledger-store.ts';
import { monthBounds, monthlyStatement } from '../../src/billing/monthly-statement.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

const at = (iso: string) => new Date(iso);

function isBillingError(code: string) {
  return (e: unknown) => e instanceof BillingError && e.code === code;
}

async function tenant(db: Kysely<object>, code: string) {
  return createTenant(db, { code, name: code, contact: { name: 'x', phone: '1', email: null } }, 'op', at('2025-01-01T00:00:00.000Z'));
}

async function charge(db: Kysely<object>, tenantId: string, ref: string, li: number, when: string) {
  await postLedgerEntry(db, { tenantId, kind: 'call_charge', amountLi: -li, reference: ref }, 'system', at(when));
}

test('month bounds follow the zone and refuse garbage', () => {
  assert.deepEqual(monthBounds('2026-11', 'Asia/Shanghai'), { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
  assert.deepEqual(monthBounds('2026-12', 'UTC'), { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  for (const bad of ['2026-13', '2026-1', '26-01', '2026-00', '']) assert.throws(() => monthBounds(bad, 'UTC'), isBillingError('INVALID_PERIOD'));
  assert.throws(() => monthBounds('2026-01', 'Mars/Olympus'), isBillingError('INVALID_PERIOD'));
});

forEachDialect('statements and daily totals', ({ open }) => {
  test('monthly statement in Shanghai time: opening + entries = closing, cut at local midnight', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    const other = await tenant(db, 'other');
    await topUp(db, t.id, 1_000_000, { reference: 'p1' }, 'op', at('2026-10-15T02:00:00.000Z'));
    await charge(db, t.id, 'c-oct-last', 100, '2026-10-31T15:59:59.999Z'); // 23:59:59.999 on 31 Oct in Shanghai
    await charge(db, t.id, 'c-nov-first', 200, '2026-10-31T16:00:00.000Z'); // 00:00 on 1 Nov in Shanghai
    await postLedgerEntry(db, { tenantId: t.id, kind: 'monthly_fee', amountLi: -50_000, reference: 'fee-nov' }, 'system', at('2026-11-01T00:00:00.000Z'));
    await topUp(db, t.id, 3_000, { reference: 'p2' }, 'op', at('2026-11-20T08:00:00.000Z'));
    await charge(db, t.id, 'c-nov-last', 400, '2026-11-30T15:59:59.999Z');
    await charge(db, t.id, 'c-dec-first', 800, '2026-11-30T16:00:00.000Z');
    await charge(db, other.id, 'c-other', 999, '2026-11-10T00:00:00.000Z');

    const s = await monthlyStatement(db, t.id, '2026-11', 'Asia/Shanghai');
    assert.equal(s.openingBalanceLi, 1_000_000 - 100);
    assert.deepEqual(s.entries.map((e) => e.reference), ['c-nov-first', 'fee-nov', 'p2', 'c-nov-last']);
    assert.deepEqual(s.totalsLi, { top_up: 3_000, call_charge: -600, monthly_fee: -50_000, minimum_spend_true_up: 0, adjustment: 0 });
    assert.equal(s.closingBalanceLi, s.openingBalanceLi + s.entries.reduce((a, e) => a + e.amountLi, 0));
    assert.equal(s.closingBalanceLi, 1_000_000 - 100 - 200 - 50_000 + 3_000 - 400);

    const dec = await monthlyStatement(db, t.id, '2026-12', 'Asia/Shanghai');
    assert.equal(dec.openingBalanceLi, s.closingBalanceLi, 'months chain');
    assert.equal(dec.closingBalanceLi, await getBalance(db, t.id));

    // The same entries seen in UTC fall into other months.
    const utc = await monthlyStatement(db, t.id, '2026-11', 'UTC');
    assert.deepEqual(utc.entries.map((e) => e.reference), ['fee-nov', 'p2', 'c-nov-last', 'c-dec-first']);
  });

  test('an empty month has equal opening and closing', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    await topUp(db, t.id, 10, { reference: 'p' }, 'op', at('2026-01-05T00:00:00.000Z'));
    const s = await monthlyStatement(db, t.id, '2026-03', 'Asia/Shanghai');
    assert.deepEqual([s.openingBalanceLi, s.entries.length, s.closingBalanceLi], [10, 0, 10]);
  });

  test('daily totals per Shanghai day over a year, summing exactly', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    await topUp(db, t.id, 5_000_000, { reference: 'p1' }, 'op', at('2026-01-01T01:00:00.000Z'));
    await charge(db, t.id, 'y-before', 7, '2025-12-31T15:59:59.999Z'); // 2025-12-31 local: not in 2026
    await charge(db, t.id, 'd1-a', 10, '2025-12-31T16:00:00.000Z'); // 2026-01-01 00:00 local
    await charge(db, t.id, 'd1-b', 20, '2026-01-01T15:59:59.999Z'); // 2026-01-01 23:59 local
    await charge(db, t.id, 'd2', 40, '2026-01-01T16:00:00.000Z'); // 2026-01-02 local
    await postLedgerEntry(db, { tenantId: t.id, kind: 'monthly_fee', amountLi: -1_000, reference: 'fee-feb' }, 'system', at('2026-02-28T17:00:00.000Z'));
    await postLedgerEntry(db, { tenantId: t.id, kind: 'adjustment', amountLi: -3, reference: 'adj' }, 'op', at('2026-01-01T03:00:00.000Z'));
    await charge(db, t.id, 'last', 80, '2026-12-31T15:59:59.999Z');
    await charge(db, t.id, 'y-after', 160, '2026-12-31T16:00:00.000Z');

    const totals = await dailyTotals(db, t.id, 2026, 'Asia/Shanghai');
    assert.equal(totals.days.length, 365);
    const day = (d: string) => totals.days.find((x) => x.date === d);
    assert.deepEqual(day('2026-01-01'), { date: '2026-01-01', spendLi: 30, topUpLi: 5_000_000 });
    assert.deepEqual(day('2026-01-02'), { date: '2026-01-02', spendLi: 40, topUpLi: 0 });
    assert.deepEqual(day('2026-03-01'), { date: '2026-03-01', spendLi: 1_000, topUpLi: 0 });
    assert.deepEqual(day('2026-12-31'), { date: '2026-12-31', spendLi: 80, topUpLi: 0 });
    assert.equal(totals.spendLi, 30 + 40 + 1_000 + 80, 'adjustments are not spending');
    assert.equal(totals.topUpLi, 5_000_000);
    assert.equal(totals.days.reduce((a, d) => a + d.spendLi, 0), totals.spendLi);
    assert.equal(totals.days[0]?.date, '2026-01-01');
    assert.equal(totals.days.at(-1)?.date, '2026-12-31');
  });

  test('half-hour zones bucket by minute (Kolkata) and leap years have 366 days', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    await charge(db, t.id, 'k1', 5, '2027-12-31T18:29:59.999Z'); // 23:59 on 31 Dec 2027 local
    await charge(db, t.id, 'k2', 6, '2027-12-31T18:30:00.000Z'); // 00:00 on 1 Jan 2028 local
    await charge(db, t.id, 'k3', 7, '2028-02-29T12:00:00.000Z');
    const totals = await dailyTotals(db, t.id, 2028, 'Asia/Kolkata');
    assert.equal(totals.days.length, 366);
    assert.equal(totals.days[0]?.spendLi, 6);
    assert.equal(totals.days.find((d) => d.date === '2028-02-29')?.spendLi, 7);
    assert.equal(totals.spendLi, 13);
  });

  test('bad years and zones are refused; another tenant sees nothing', async () => {
    const { db } = await open();
    const t = await tenant(db, 'acme');
    const other = await tenant(db, 'other');
    await charge(db, t.id, 'c', 5, '2026-05-05T05:00:00.000Z');
    assert.equal((await dailyTotals(db, other.id, 2026, 'Asia/Shanghai')).spendLi, 0);
    await assert.rejects(dailyTotals(db, t.id, 1999, 'Asia/Shanghai'), isBillingError('INVALID_PERIOD'));
    await assert.rejects(dailyTotals(db, t.id, 2026.5, 'Asia/Shanghai'), isBillingError('INVALID_PERIOD'));
    await assert.rejects(dailyTotals(db, t.id, 2026, 'Nowhere/Land'), isBillingError('INVALID_PERIOD'));
  });
});
