import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enqueueTenantAlert } from '../../src/notify/tenant-alert.ts';
import { listOutbox } from '../../src/notify/outbox-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('tenant alerts', ({ open }) => {
  test('low balance and cap alerts go to the tenant contact, once per key', async () => {
    const { db } = await open();
    const t = await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: '张三', phone: '+8613800138000', email: 'boss@acme.test' } }, 'test');
    const ids = await enqueueTenantAlert(db, { tenantId: t.id, template: 'low_balance', params: { balanceLi: 8_500, thresholdLi: 10_000 } });
    assert.equal(ids.length, 2);
    const cap = { tenantId: t.id, template: 'cap_warning' as const, params: { number400: '4006123456', capKind: 'calls', percent: 80, used: 400, limit: 500 }, dedupeKey: `cap80:4006123456:2026-11` };
    const first = await enqueueTenantAlert(db, cap);
    const again = await enqueueTenantAlert(db, cap);
    assert.deepEqual(again, first);
    const rows = await listOutbox(db, t.id);
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.map((r) => r.recipient).sort(), ['+8613800138000', '+8613800138000', 'boss@acme.test', 'boss@acme.test']);
    assert.ok(rows.some((r) => r.body === '【Hotline】400-612-3456 本月呼入次数已达上限的 80%（400 / 500）。'));
  });

  test('a landline contact gets only the e-mail; an unknown tenant gets nothing', async () => {
    const { db } = await open();
    const t = await createTenant(db, { code: 'fixed', name: 'Fixed', contact: { name: '李四', phone: '02512345678', email: 'li@fixed.test' } }, 'test');
    const ids = await enqueueTenantAlert(db, { tenantId: t.id, template: 'cap_reached', params: { number400: '4006123456', capKind: 'spend', limit: 1_000_000 } });
    assert.equal(ids.length, 1);
    const [row] = await listOutbox(db, t.id);
    assert.equal(row?.channel, 'email');
    assert.equal(row?.subject, '400-612-3456 本月话费已达上限');
    assert.deepEqual(await enqueueTenantAlert(db, { tenantId: 'nope', template: 'low_balance', params: { balanceLi: 1, thresholdLi: 2 } }), []);
  });
});
