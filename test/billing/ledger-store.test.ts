import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { BillingError } from '../../src/billing/billing-error.ts';
import { adjustBalance, getBalance, postLedgerEntry, topUp } from '../../src/billing/ledger-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-01T00:00:00.000Z');

function isBillingError(code: string) {
  return (e: unknown) => e instanceof BillingError && e.code === code;
}

async function tenant(db: Kysely<object>, code: string) {
  return createTenant(db, { code, name: code, contact: { name: 'x', phone: '1', email: null } }, 'op', T0);
}

async function entryCount(db: Kysely<object>): Promise<number> {
  const row = await db.withTables<{ ledger_entries: { id: string } }>().selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

forEachDialect('ledger', ({ open }) => {
  test('the balance is the sum of the entries, per tenant', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    const b = await tenant(db, 'b');
    assert.equal(await getBalance(db, a.id), 0);
    await topUp(db, a.id, 500_000, { reference: 'pay-1' }, 'op', T0);
    await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -150, reference: 'call-1' }, 'system', T0);
    await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -0, reference: 'call-0' }, 'system', T0);
    await postLedgerEntry(db, { tenantId: a.id, kind: 'monthly_fee', amountLi: -100_000, reference: 'fee-a-2026-11' }, 'system', T0);
    await adjustBalance(db, a.id, 1, 'rounding goodwill', 'op', T0);
    await topUp(db, b.id, 7, {}, 'op', T0);
    assert.equal(await getBalance(db, a.id), 500_000 - 150 - 100_000 + 1);
    assert.equal(await getBalance(db, b.id), 7);
  });

  test('sums of many entries stay exact and may go negative', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    let expected = 0;
    for (let i = 0; i < 200; i += 1) {
      const amount = -((i * 7919) % 1013) - 1;
      expected += amount;
      await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: amount, reference: `call-${i}` }, 'system', T0);
    }
    assert.equal(await getBalance(db, a.id), expected);
    assert.ok(expected < 0);
  });

  test('large balances beyond 2^31 li are exact', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    await topUp(db, a.id, 9_000_000_000_000, { reference: 'big-1' }, 'op', T0);
    await topUp(db, a.id, 9_000_000_000_001, { reference: 'big-2' }, 'op', T0);
    assert.equal(await getBalance(db, a.id), 18_000_000_000_001);
  });

  test('posting is idempotent by (kind, reference)', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    const first = await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -30, reference: 'call-x' }, 'system', T0);
    const again = await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -30, reference: 'call-x' }, 'system', new Date('2026-11-05T00:00:00.000Z'));
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.deepEqual(again.entry, first.entry);
    assert.equal(await getBalance(db, a.id), -30);
    // The same reference under another kind is another entry.
    await postLedgerEntry(db, { tenantId: a.id, kind: 'adjustment', amountLi: 30, reference: 'call-x', note: 'refund' }, 'op', T0);
    assert.equal(await getBalance(db, a.id), 0);
    assert.equal(await entryCount(db), 2);
  });

  test('a disagreeing repost is refused and books nothing', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    const b = await tenant(db, 'b');
    await postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -30, reference: 'call-x' }, 'system', T0);
    await assert.rejects(postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -31, reference: 'call-x' }, 'system', T0), isBillingError('LEDGER_CONFLICT'));
    await assert.rejects(postLedgerEntry(db, { tenantId: b.id, kind: 'call_charge', amountLi: -30, reference: 'call-x' }, 'system', T0), isBillingError('LEDGER_CONFLICT'));
    assert.equal(await entryCount(db), 1);
    assert.equal(await getBalance(db, b.id), 0);
  });

  test('concurrent duplicate posts book once', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: -5, reference: 'call-race' }, 'system', T0)),
    );
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(await getBalance(db, a.id), -5);
  });

  test('wrong signs, fractions, unknown tenants and blank notes are refused', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    await assert.rejects(topUp(db, a.id, 0, {}, 'op', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(topUp(db, a.id, -5, {}, 'op', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(topUp(db, a.id, 1.5, {}, 'op', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(postLedgerEntry(db, { tenantId: a.id, kind: 'call_charge', amountLi: 5, reference: 'c' }, 'x', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(postLedgerEntry(db, { tenantId: a.id, kind: 'bonus' as never, amountLi: 5, reference: 'c' }, 'x', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(postLedgerEntry(db, { tenantId: a.id, kind: 'top_up', amountLi: 5, reference: '' }, 'x', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(adjustBalance(db, a.id, 5, '  ', 'op', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(adjustBalance(db, a.id, 0, 'why', 'op', T0), isBillingError('INVALID_AMOUNT'));
    await assert.rejects(topUp(db, 'nope', 5, {}, 'op', T0), isBillingError('TENANT_NOT_FOUND'));
    assert.equal(await entryCount(db), 0);
  });

  test('top-ups without a reference are distinct; with one, idempotent', async () => {
    const { db } = await open();
    const a = await tenant(db, 'a');
    await topUp(db, a.id, 100, {}, 'op', T0);
    await topUp(db, a.id, 100, {}, 'op', T0);
    await topUp(db, a.id, 100, { reference: 'receipt-9', note: 'bank transfer' }, 'op', T0);
    const dup = await topUp(db, a.id, 100, { reference: 'receipt-9' }, 'op', T0);
    assert.equal(dup.created, false);
    assert.equal(dup.entry.note, 'bank transfer');
    assert.equal(await getBalance(db, a.id), 300);
  });
});
