import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { BillingError } from '../../src/billing/billing-error.ts';
import { chargeCall } from '../../src/billing/charge-call.ts';
import { getBalance, postLedgerEntry } from '../../src/billing/ledger-store.ts';
import { chargeMonthlyFee, trueUpMinimumSpend } from '../../src/billing/monthly-charges.ts';
import { assignRatePlan, createRatePlan } from '../../src/billing/rate-plan-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-10T00:00:00.000Z');

function isBillingError(code: string) {
  return (e: unknown) => e instanceof BillingError && e.code === code;
}

async function setup(db: Kysely<object>, monthlyFeeLi = 100_000) {
  const t = await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'op', T0);
  const plan = await createRatePlan(db, { name: 'p', billingUnitSeconds: 6, monthlyFeeLi, rates: { inbound_forward_mobile: 15 } }, 'op', T0);
  await assignRatePlan(db, t.id, plan.id, 'op', T0);
  return t;
}

forEachDialect('charges', ({ open }) => {
  test('a call is rated on the tenant plan and charged once', async () => {
    const { db } = await open();
    const t = await setup(db);
    const first = await chargeCall(db, { tenantId: t.id, callId: 'call-1', talkSeconds: 61, callType: 'inbound_forward_mobile' }, 'system', T0);
    assert.deepEqual([first.units, first.chargeLi, first.created, first.entry.amountLi], [11, 165, true, -165]);
    const replay = await chargeCall(db, { tenantId: t.id, callId: 'call-1', talkSeconds: 61, callType: 'inbound_forward_mobile' }, 'system', T0);
    assert.equal(replay.created, false);
    assert.equal(await getBalance(db, t.id), -165);
    const unanswered = await chargeCall(db, { tenantId: t.id, callId: 'call-2', talkSeconds: 0, callType: 'inbound_forward_mobile' }, 'system', T0);
    assert.deepEqual([unanswered.units, unanswered.chargeLi], [0, 0]);
    assert.equal(await getBalance(db, t.id), -165);
  });

  test('no plan, unpriced call type: coded errors, nothing booked', async () => {
    const { db } = await open();
    const t = await setup(db);
    await assert.rejects(chargeCall(db, { tenantId: t.id, callId: 'c', talkSeconds: 5, callType: 'outbound_mobile' }, 'system', T0), isBillingError('RATE_MISSING'));
    const bare = await createTenant(db, { code: 'bare', name: 'Bare', contact: { name: 'x', phone: '1', email: null } }, 'op', T0);
    await assert.rejects(chargeCall(db, { tenantId: bare.id, callId: 'c', talkSeconds: 5, callType: 'inbound_forward_mobile' }, 'system', T0), isBillingError('NO_RATE_PLAN'));
    assert.equal(await getBalance(db, t.id), 0);
  });

  test('monthly fee once per month; zero fee books nothing', async () => {
    const { db } = await open();
    const t = await setup(db);
    await chargeMonthlyFee(db, t.id, '2026-11', 'system', T0);
    await chargeMonthlyFee(db, t.id, '2026-11', 'system', T0);
    await chargeMonthlyFee(db, t.id, '2026-12', 'system', T0);
    assert.equal(await getBalance(db, t.id), -200_000);
    await assert.rejects(chargeMonthlyFee(db, t.id, '2026-1', 'system', T0), isBillingError('INVALID_PERIOD'));
    const { db: db2 } = await open();
    const free = await setup(db2, 0);
    assert.equal(await chargeMonthlyFee(db2, free.id, '2026-11', 'system', T0), undefined);
    assert.equal(await getBalance(db2, free.id), 0);
  });

  test('minimum-spend true-up books the shortfall once, nothing when met', async () => {
    const { db } = await open();
    const t = await setup(db);
    await chargeMonthlyFee(db, t.id, '2026-11', 'system', new Date('2026-11-01T00:00:00.000Z'));
    await chargeCall(db, { tenantId: t.id, callId: 'c1', talkSeconds: 600, callType: 'inbound_forward_mobile' }, 'system', T0); // 100 units = 1 500 li
    const close = new Date('2026-12-01T01:00:00.000Z');
    const entry = await trueUpMinimumSpend(db, t.id, '2026-11', 150_000, 'Asia/Shanghai', 'system', close);
    assert.equal(entry?.amountLi, -(150_000 - 100_000 - 1_500));
    const again = await trueUpMinimumSpend(db, t.id, '2026-11', 150_000, 'Asia/Shanghai', 'system', close);
    assert.equal(again?.id, entry?.id);
    assert.equal(await getBalance(db, t.id), -150_000);
    assert.equal(await trueUpMinimumSpend(db, t.id, '2026-11', 50_000, 'Asia/Shanghai', 'system', close), undefined);
    await assert.rejects(trueUpMinimumSpend(db, t.id, '2026-11', -1, 'Asia/Shanghai', 'system', close), isBillingError('INVALID_AMOUNT'));
    // A late charge into the closed month makes a re-run disagree: refused, not double-booked.
    await postLedgerEntry(db, { tenantId: t.id, kind: 'call_charge', amountLi: -10, reference: 'late' }, 'system', T0);
    await assert.rejects(trueUpMinimumSpend(db, t.id, '2026-11', 150_000, 'Asia/Shanghai', 'system', close), isBillingError('LEDGER_CONFLICT'));
  });
});

forEachDialect('charges replayed after a plan change', ({ open }) => {
  test('a replayed call keeps its first charge, even after the plan changed', async () => {
    const { db } = await open();
    const t = await setup(db);
    const first = await chargeCall(db, { tenantId: t.id, callId: 'call-9', talkSeconds: 12, callType: 'inbound_forward_mobile' }, 'system', T0);
    const dearer = await createRatePlan(db, { name: 'dearer', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: { inbound_forward_mobile: 999 } }, 'op', T0);
    await assignRatePlan(db, t.id, dearer.id, 'op', T0);
    const replay = await chargeCall(db, { tenantId: t.id, callId: 'call-9', talkSeconds: 12, callType: 'inbound_forward_mobile' }, 'system', T0);
    assert.deepEqual([replay.created, replay.units, replay.chargeLi, replay.entry.id], [false, null, 30, first.entry.id]);
    const other = await createTenant(db, { code: 'other', name: 'Other', contact: { name: 'x', phone: '1', email: null } }, 'op', T0);
    await assert.rejects(chargeCall(db, { tenantId: other.id, callId: 'call-9', talkSeconds: 12, callType: 'inbound_forward_mobile' }, 'system', T0), isBillingError('LEDGER_CONFLICT'));
    assert.equal(await getBalance(db, t.id), -30);
  });
});
