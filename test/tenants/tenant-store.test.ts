import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TenantError } from '../../src/tenants/tenant-error.ts';
import {
  changeTenantStatus,
  createTenant,
  getTenant,
  getTenantByCode,
  listTenants,
  tenantStatusHistory,
  updateTenant,
  upsertTenant,
} from '../../src/tenants/tenant-store.ts';
import type { TenantInput } from '../../src/tenants/tenant.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-01T00:00:00.000Z');
const T1 = new Date('2026-11-02T00:00:00.000Z');
const T2 = new Date('2026-11-03T00:00:00.000Z');

const acme: TenantInput = {
  code: 'acme',
  name: '  Acme Trading Co. ',
  socialCreditCode: '91350100m000100y43',
  contact: { name: 'Li Lei', phone: '+8613800138000', email: 'li@acme.example' },
  seats: 10,
};

function isTenantError(code: string) {
  return (e: unknown) => e instanceof TenantError && e.code === code;
}

forEachDialect('tenant store', ({ open }) => {
  test('upsert creates a pending tenant with defaults, then is idempotent', async () => {
    const { db } = await open();
    const first = await upsertTenant(db, acme, 'op-1', T0);
    assert.equal(first.created, true);
    assert.equal(first.tenant.name, 'Acme Trading Co.');
    assert.equal(first.tenant.socialCreditCode, '91350100M000100Y43');
    assert.equal(first.tenant.status, 'pending');
    assert.equal(first.tenant.timeZone, 'Asia/Shanghai');
    assert.equal(first.tenant.createdAt, '2026-11-01T00:00:00.000Z');
    const again = await upsertTenant(db, acme, 'op-1', T1);
    assert.equal(again.created, false);
    assert.deepEqual(again.tenant, first.tenant, 'nothing changed, not even updated_at');
    assert.deepEqual(await getTenant(db, first.tenant.id), first.tenant);
    assert.equal((await listTenants(db)).length, 1);
  });

  test('upsert updates fields but never the status', async () => {
    const { db } = await open();
    const { tenant } = await upsertTenant(db, acme, 'op-1', T0);
    await changeTenantStatus(db, tenant.id, 'active', 'documents checked', 'op-1', T1);
    const { tenant: updated } = await upsertTenant(db, { ...acme, seats: 25, timeZone: 'Asia/Hong_Kong' }, 'op-1', T2);
    assert.equal(updated.seats, 25);
    assert.equal(updated.timeZone, 'Asia/Hong_Kong');
    assert.equal(updated.status, 'active');
    assert.equal(updated.updatedAt, '2026-11-03T00:00:00.000Z');
    assert.deepEqual(await getTenantByCode(db, 'acme'), updated);
  });

  test('create refuses a taken code; credit codes are unique', async () => {
    const { db } = await open();
    await createTenant(db, acme, 'op-1', T0);
    await assert.rejects(createTenant(db, acme, 'op-1', T0), isTenantError('TENANT_CODE_TAKEN'));
    await assert.rejects(createTenant(db, { ...acme, code: 'acme2' }, 'op-1', T0), isTenantError('SOCIAL_CREDIT_CODE_TAKEN'));
    const other = await createTenant(db, { ...acme, code: 'beta', socialCreditCode: null }, 'op-1', T0);
    const another = await createTenant(db, { ...acme, code: 'gamma', socialCreditCode: '' }, 'op-1', T0);
    assert.equal(other.socialCreditCode, null);
    assert.equal(another.socialCreditCode, null, 'several tenants may lack a code');
    await assert.rejects(updateTenant(db, other.id, { socialCreditCode: '91350100M000100Y43' }, 'op-1', T1), isTenantError('SOCIAL_CREDIT_CODE_TAKEN'));
  });

  test('bad input is refused and writes nothing', async () => {
    const { db } = await open();
    const bad: TenantInput[] = [
      { ...acme, code: '' },
      { ...acme, code: 'has space' },
      { ...acme, name: '   ' },
      { ...acme, name: 'x'.repeat(201) },
      { ...acme, socialCreditCode: '91350100M000100Y44' },
      { ...acme, timeZone: 'Mars/Olympus' },
      { ...acme, seats: -1 },
      { ...acme, seats: 1.5 },
      { ...acme, contact: { ...acme.contact, phone: '' } },
      { ...acme, contact: { ...acme.contact, email: 'not-an-address' } },
    ];
    for (const input of bad) {
      await assert.rejects(upsertTenant(db, input, 'op-1', T0), isTenantError('INVALID_TENANT'), JSON.stringify(input));
    }
    assert.deepEqual(await listTenants(db), []);
  });

  test('update changes only what is given; unknown id is not found', async () => {
    const { db } = await open();
    const t = await createTenant(db, acme, 'op-1', T0);
    const u = await updateTenant(db, t.id, { seats: 3, contact: { name: 'Han Meimei', phone: '010-12345678', email: null } }, 'op-1', T1);
    assert.equal(u.seats, 3);
    assert.equal(u.name, t.name);
    assert.deepEqual(u.contact, { name: 'Han Meimei', phone: '010-12345678', email: null });
    assert.deepEqual(await getTenant(db, t.id), u);
    await assert.rejects(updateTenant(db, 'nope', { seats: 1 }, 'op-1', T1), isTenantError('TENANT_NOT_FOUND'));
  });

  test('status machine with history; refused moves change nothing', async () => {
    const { db } = await open();
    const t = await createTenant(db, acme, 'op-1', T0);
    await assert.rejects(changeTenantStatus(db, t.id, 'suspended', 'x', 'op-1', T1), isTenantError('INVALID_STATUS_CHANGE'));
    await assert.rejects(changeTenantStatus(db, t.id, 'active', '  ', 'op-1', T1), isTenantError('INVALID_TENANT'));
    await changeTenantStatus(db, t.id, 'active', 'licence verified', 'op-1', T1);
    const closed = await changeTenantStatus(db, t.id, 'closed', 'contract ended', 'op-2', T2);
    assert.equal(closed.status, 'closed');
    await assert.rejects(changeTenantStatus(db, t.id, 'active', 'reopen', 'op-1', T2), isTenantError('INVALID_STATUS_CHANGE'));
    assert.deepEqual(await tenantStatusHistory(db, t.id), [
      { from: null, to: 'pending', reason: 'created', by: 'op-1', at: '2026-11-01T00:00:00.000Z' },
      { from: 'pending', to: 'active', reason: 'licence verified', by: 'op-1', at: '2026-11-02T00:00:00.000Z' },
      { from: 'active', to: 'closed', reason: 'contract ended', by: 'op-2', at: '2026-11-03T00:00:00.000Z' },
    ]);
    await assert.rejects(changeTenantStatus(db, 'nope', 'active', 'x', 'op-1', T1), isTenantError('TENANT_NOT_FOUND'));
  });

  test('list filters by status, ordered by code', async () => {
    const { db } = await open();
    const b = await createTenant(db, { ...acme, code: 'b', socialCreditCode: null }, 'op', T0);
    await createTenant(db, { ...acme, code: 'a', socialCreditCode: null }, 'op', T0);
    await changeTenantStatus(db, b.id, 'active', 'ok', 'op', T1);
    assert.deepEqual((await listTenants(db)).map((t) => t.code), ['a', 'b']);
    assert.deepEqual((await listTenants(db, { status: 'active' })).map((t) => t.code), ['b']);
  });
});

forEachDialect('tenant status history order', ({ open }) => {
  test('changes within one millisecond come back in the order they chain', async () => {
    const { db } = await open();
    const t = await createTenant(db, acme, 'op', T0);
    await changeTenantStatus(db, t.id, 'active', 'a', 'op', T0);
    await changeTenantStatus(db, t.id, 'suspended', 'b', 'op', T0);
    await changeTenantStatus(db, t.id, 'active', 'c', 'op', T0);
    await changeTenantStatus(db, t.id, 'closed', 'd', 'op', T0);
    assert.deepEqual((await tenantStatusHistory(db, t.id)).map((c) => c.to), ['pending', 'active', 'suspended', 'active', 'closed']);
  });
});
