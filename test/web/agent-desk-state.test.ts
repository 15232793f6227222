/**
 * The desk's picture of the agent and their calls, projected from event-feed messages
 * (web/src/features/desk/model/desk-state.ts): the same sequence a real feed sends an agent
 * (docs/events.md) — snapshot, offer, the call joining, answer, hold, recording pause, end — and a
 * fresh snapshot after a failed resume replacing what was there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_DESK, currentCall, deskReducer, otherLegs } from '../../web/src/features/desk/model/desk-state.ts';
import type { DeskState, FeedMessage, Party } from '../../web/src/features/desk/model/desk-state.ts';

const mine = (p: Party) => p.kind === 'sip' && p.username === '8001';
let seq = 10;
const ev = (type: string, data: Record<string, unknown>): FeedMessage => ({ kind: 'event', seq: ++seq, stream: 's1', time: '2026-12-07T10:00:00.000Z', type, data: { type, ...data } });
const run = (s: DeskState, ...ms: FeedMessage[]) => ms.reduce(deskReducer, s);

test('an offer, the call joining, answer, hold and record pause, then the end: state, offer and call as the feed tells them', () => {
  let s = run(EMPTY_DESK, { kind: 'snapshot', stream: 's1', seqs: { t1: 10 }, calls: [], agents: [{ state: 'ready', since: '2026-12-07T09:59:00.000Z' }] });
  assert.equal(s.seq, 10);
  assert.equal(s.agent?.state, 'ready');
  s = run(s,
    ev('agent.state_changed', { state: 'reserved', previous: 'ready', callId: 'c1', queueId: 'q1', token: 'tk', at: '2026-12-07T10:00:00.000Z' }),
    ev('queue.offered', { callId: 'c1', queueId: 'q1', token: 'tk', waitedSeconds: 4 }),
    { kind: 'call', call: { callId: 'c1', direction: 'inbound', number400: '4006123456', callerNumber: '13912345678', state: 'dialing', createdAt: 'x', recording: false, legs: [{ legId: 'L1', direction: 'inbound', party: { kind: 'pstn', number: '13912345678' }, state: 'offering' }, { legId: 'L2', direction: 'outbound', party: { kind: 'sip', username: '8001' }, state: 'calling' }] } },
    ev('agent.state_changed', { state: 'ringing', previous: 'reserved', callId: 'c1', token: 'tk' }),
  );
  assert.equal(s.offers.length, 1);
  assert.deepEqual(s.offers.map((o) => [o.token, o.callId, o.waitedSeconds]), [['tk', 'c1', 4]]);
  assert.equal(currentCall(s, mine)?.callId, 'c1');
  s = run(s,
    ev('leg.answered', { callId: 'c1', legId: 'L2', state: 'answered' }),
    ev('call.bridged', { callId: 'c1', state: 'answered', legIds: ['L1', 'L2'] }),
    ev('queue.answered', { callId: 'c1', token: 'tk' }),
    ev('agent.state_changed', { state: 'talking', previous: 'ringing', callId: 'c1', token: 'tk' }),
    ev('recording.started', { callId: 'c1' }),
    ev('leg.held', { callId: 'c1', legId: 'L1', state: 'held' }),
    ev('recording.paused', { callId: 'c1' }),
  );
  const c = currentCall(s, mine);
  assert.equal(s.offers.length, 0, 'the answered offer is gone');
  assert.equal(c?.state, 'answered');
  assert.ok(c?.answeredAt);
  assert.equal(c?.recordingPaused, true);
  assert.deepEqual(otherLegs(c!, mine).map((l) => [l.legId, l.state]), [['L1', 'held']]);
  s = run(s, ev('leg.ended', { callId: 'c1', legId: 'L2', state: 'ended' }), ev('call.ended', { callId: 'c1', state: 'ended', outcome: 'answered' }), ev('agent.state_changed', { state: 'wrap_up', previous: 'talking', callId: 'c1', wrapUpEndsAt: '2026-12-07T10:01:00.000Z' }));
  assert.equal(currentCall(s, mine), undefined);
  assert.equal(s.lastEnded?.callId, 'c1');
  assert.equal(s.agent?.state, 'wrap_up');
  assert.equal(s.agent?.wrapUpEndsAt, '2026-12-07T10:01:00.000Z');
  assert.equal(s.seq, seq, 'seq follows the events');
});

test('resumed keeps the state and seq (the missed events follow); a fresh snapshot replaces calls and agent', () => {
  let s = run(EMPTY_DESK, { kind: 'snapshot', stream: 's1', seqs: { t1: 5 }, calls: [{ callId: 'old', direction: 'inbound', state: 'answered', createdAt: 'x', recording: true, legs: [{ legId: 'A', direction: 'outbound', party: { kind: 'sip', username: '8001' }, state: 'answered' }] }], agents: [{ state: 'talking', since: 'x', callId: 'old' }] });
  s = run(s, { kind: 'resumed', stream: 's1', seqs: { t1: 9 } });
  assert.equal(s.seq, 5);
  assert.equal(currentCall(s, mine)?.callId, 'old');
  s = run(s, { kind: 'snapshot', stream: 's2', seqs: { t1: 1 }, calls: [], agents: [{ state: 'not_ready', reason: 'registration_lost', since: 'y' }], resumeFailed: 'stream' });
  assert.equal(s.stream, 's2');
  assert.equal(s.seq, 1);
  assert.equal(currentCall(s, mine), undefined);
  assert.deepEqual(s.agent, { state: 'not_ready', reason: 'registration_lost', since: 'y' });
});
