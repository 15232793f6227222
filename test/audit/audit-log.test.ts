import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { listAudit, writeAudit } from '../../src/audit/audit-log.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('audit log', ({ open }) => {
  let db: Kysely<object>;
  before(async () => {
    db = (await open()).db;
  });

  const actor = { kind: 'user' as const, id: 'u1', name: 'alice', ip: '198.51.100.4' };

  test('entries are kept per tenant, newest first, with who, what, when and from where', async () => {
    await writeAudit(db, actor, { tenantId: 'A', action: 'queue.create', targetType: 'queue', targetId: 'q1' }, new Date('2026-11-22T01:00:00Z'));
    await writeAudit(db, actor, { tenantId: 'A', action: 'queue.update', targetType: 'queue', targetId: 'q1', details: { name: 'Sales' } }, new Date('2026-11-22T02:00:00Z'));
    await writeAudit(db, actor, { tenantId: 'B', action: 'queue.create', targetType: 'queue', targetId: 'q9' }, new Date('2026-11-22T03:00:00Z'));
    await writeAudit(db, { kind: 'system', id: null, name: 'import' }, { tenantId: null, action: 'trunk.create', targetType: 'trunk' }, new Date('2026-11-22T04:00:00Z'));
    const a = await listAudit(db, { tenantId: 'A', limit: 10 });
    assert.deepEqual(a.map((e) => e.action), ['queue.update', 'queue.create']);
    assert.deepEqual(a[0], {
      id: a[0]?.id,
      at: '2026-11-22T02:00:00.000Z',
      tenantId: 'A',
      actor: { kind: 'user', id: 'u1', name: 'alice' },
      action: 'queue.update',
      targetType: 'queue',
      targetId: 'q1',
      details: { name: 'Sales' },
      ip: '198.51.100.4',
    });
    assert.deepEqual((await listAudit(db, { tenantId: null, limit: 10 })).map((e) => e.action), ['trunk.create']);
    assert.deepEqual((await listAudit(db, { tenantId: 'A', limit: 10, before: '2026-11-22T02:00:00.000Z' })).map((e) => e.action), ['queue.create']);
    assert.deepEqual((await listAudit(db, { tenantId: 'A', limit: 10, action: 'queue.create' })).length, 1);
    assert.deepEqual((await listAudit(db, { tenantId: 'A', limit: 1 })).length, 1);
  });

  test('secret-looking detail keys are redacted before they are stored', async () => {
    await writeAudit(db, actor, { tenantId: 'S', action: 'user.update', targetType: 'user', details: { password: 'hunter2', sipPassword: 'x', apiKey: 'hk_x', name: 'kept' } });
    const [entry] = await listAudit(db, { tenantId: 'S', limit: 1 });
    assert.deepEqual(entry?.details, { password: '[redacted]', sipPassword: '[redacted]', apiKey: '[redacted]', name: 'kept' });
  });

  test('entries written within one millisecond list newest first in the order they were written', async () => {
    const at = new Date('2026-11-22T05:00:00Z');
    for (const action of ['a.first', 'a.second', 'a.third']) await writeAudit(db, actor, { tenantId: 'O', action, targetType: 't' }, at);
    assert.deepEqual((await listAudit(db, { tenantId: 'O', limit: 10 })).map((e) => e.action), ['a.third', 'a.second', 'a.first']);
  });
});
