import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { closeCallRecord, getCallRecord, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';
import { countTransfer, recordQueueFacts, recordSurveyScore } from '../../src/cdr/queue-facts.ts';

const START = new Date('2026-12-07T08:00:00.000Z');

forEachDialect('queue facts on call records', ({ open }) => {
  test('queue, wait, agent, transfers and the survey score are kept, also after the close; each offer is a leg', async () => {
    const { db } = await open();
    await openCallRecord(db, { id: 'q1', tenantId: 't1', number400: '4006123456', sipCallId: 's-q1', caller: { number: '+8613912345678', kind: 'mobile' }, startedAt: START });
    const fresh = await getCallRecord(db, 't1', 'q1');
    assert.deepEqual([fresh?.queueId, fresh?.queueWaitMs, fresh?.agentId, fresh?.abandonedInQueue, fresh?.transfers, fresh?.surveyScore], [null, null, null, false, 0, null]);
    assert.equal(await recordQueueFacts(db, 't1', 'q1', { queueId: 'sales' }), true);
    assert.equal(await recordQueueFacts(db, 't1', 'q1', { queueWaitMs: 12_345.6, agentId: '8001', agentUserId: 'u-8001' }), true);
    await countTransfer(db, 't1', 'q1');
    await countTransfer(db, 't1', 'q1');
    await closeCallRecord(db, 'q1', {
      answeringNumber: 'agent8001', answeredAt: new Date(START.getTime() + 13_000), endedAt: new Date(START.getTime() + 60_000), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'callee',
      attempts: [
        { seq: 0, target: 'agent8002', kind: 'sip', startedAt: new Date(START.getTime() + 5_000), endedAt: new Date(START.getTime() + 10_000), result: 'no_answer', sipStatus: null, queueId: 'sales', agentId: '8002' },
        { seq: 1, target: 'agent8001', kind: 'sip', startedAt: new Date(START.getTime() + 10_000), endedAt: new Date(START.getTime() + 13_000), result: 'answered', sipStatus: 200, queueId: 'sales', agentId: '8001' },
      ],
    });
    // C5: the survey comes after the agent hung up, possibly after the close.
    assert.equal(await recordSurveyScore(db, 't1', 'q1', 4), true);
    const r = await getCallRecord(db, 't1', 'q1');
    assert.deepEqual([r?.queueId, r?.queueWaitMs, r?.agentId, r?.agentUserId, r?.abandonedInQueue, r?.transfers, r?.surveyScore], ['sales', 12_346, '8001', 'u-8001', false, 2, 4]);
    const legs = await listCallLegs(db, 't1', 'q1');
    assert.deepEqual(legs.map((l) => [l.agentId, l.queueId, l.result]), [['8002', 'sales', 'no_answer'], ['8001', 'sales', 'answered']]);
  });

  test('abandoned in queue; another tenant cannot write; a score outside 1–5 is refused', async () => {
    const { db } = await open();
    await openCallRecord(db, { id: 'q2', tenantId: 't1', number400: '4006123456', sipCallId: 's-q2', caller: { number: '+8613912345678', kind: 'mobile' }, startedAt: START });
    await recordQueueFacts(db, 't1', 'q2', { queueId: 'sales', queueWaitMs: 30_000, abandonedInQueue: true });
    assert.equal(await recordQueueFacts(db, 't2', 'q2', { agentId: 'x' }), false);
    assert.equal(await recordSurveyScore(db, 't2', 'q2', 5), false);
    await assert.rejects(recordSurveyScore(db, 't1', 'q2', 6), RangeError);
    await assert.rejects(recordSurveyScore(db, 't1', 'q2', 0), RangeError);
    const r = await getCallRecord(db, 't1', 'q2');
    assert.deepEqual([r?.abandonedInQueue, r?.agentId, r?.surveyScore, r?.queueWaitMs], [true, null, null, 30_000]);
  });
});
