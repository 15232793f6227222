import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { closeCallRecord, getCallRecord, listCallRecords, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeInterruptedCalls } from '../../src/cdr/interrupted-calls.ts';
import type { CallRecordStart } from '../../src/cdr/call-record.ts';

function start(id: string, tenantId = 't1', startedAt = new Date('2026-11-22T08:00:00.000Z')): CallRecordStart {
  return {
    id,
    tenantId,
    number400: '4006123456',
    sipCallId: `call-${id}`,
    caller: { number: '+8613912345678', kind: 'mobile', province: '江苏省', city: '常州市' },
    startedAt,
  };
}

forEachDialect('call records', ({ open }) => {
  test('a record opens at arrival and closes once at the end with its talk time', async () => {
    const { db } = await open();
    await openCallRecord(db, start('c1'));
    const open1 = await getCallRecord(db, 't1', 'c1');
    assert.equal(open1?.outcome, null);
    const closed = await closeCallRecord(db, 'c1', {
      answeringNumber: '+8613800138000',
      answeredAt: new Date('2026-11-22T08:00:05.000Z'),
      endedAt: new Date('2026-11-22T08:01:05.400Z'),
      outcome: 'answered',
      sipStatus: 200,
      sipReason: 'OK',
      endedBy: 'caller',
      mediaStats: { caller: { packetsIn: 3000 } },
    });
    assert.equal(closed?.outcome, 'answered');
    assert.equal(Number(closed?.talk_seconds), 61);
    const r = await getCallRecord(db, 't1', 'c1');
    assert.equal(r?.outcome, 'answered');
    assert.equal(r?.talkSeconds, 61);
    assert.equal(r?.callerProvince, '江苏省');
    assert.deepEqual(r?.mediaStats, { caller: { packetsIn: 3000 } });
    const again = await closeCallRecord(db, 'c1', { endedAt: new Date(), outcome: 'failed', sipStatus: 500, sipReason: 'x', endedBy: 'platform' });
    assert.equal(again, undefined, 'a closed record is never rewritten');
    assert.equal((await getCallRecord(db, 't1', 'c1'))?.outcome, 'answered');
  });

  test('records left open by a crash are closed as interrupted at the next start', async () => {
    const { db } = await open();
    await openCallRecord(db, start('a'));
    await openCallRecord(db, start('b'));
    await closeCallRecord(db, 'b', { endedAt: new Date(), outcome: 'busy', sipStatus: 486, sipReason: 'Busy Here', endedBy: 'callee' });
    assert.equal((await closeInterruptedCalls(db, new Date('2026-11-22T09:00:00.000Z'))).closed, 1);
    const a = await getCallRecord(db, 't1', 'a');
    assert.equal(a?.outcome, 'interrupted');
    assert.equal(a?.endedAt, '2026-11-22T09:00:00.000Z');
    assert.equal((await getCallRecord(db, 't1', 'b'))?.outcome, 'busy');
    assert.equal((await closeInterruptedCalls(db, new Date())).closed, 0);
  });

  test('a tenant lists only its own records, newest first', async () => {
    const { db } = await open();
    await openCallRecord(db, start('x1', 't1', new Date('2026-11-01T00:00:00.000Z')));
    await openCallRecord(db, start('x2', 't1', new Date('2026-11-02T00:00:00.000Z')));
    await openCallRecord(db, start('y1', 't2'));
    assert.deepEqual((await listCallRecords(db, 't1')).map((r) => r.id), ['x2', 'x1']);
    assert.equal(await getCallRecord(db, 't2', 'x1'), undefined);
    assert.deepEqual((await listCallRecords(db, 't1', { from: new Date('2026-11-02T00:00:00.000Z') })).map((r) => r.id), ['x2']);
  });
});
