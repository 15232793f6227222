/**
 * The supervision page's copy of the floor (web/src/features/supervision/live/live-floor.ts): what
 * the feed's snapshot, events, resume and failed resume make of it. Pure, so tested in Node; the
 * page on a real feed is test/web/supervision.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

interface Leg { legId: string; direction: string; party: { kind: string; username?: string; number?: string }; state: string; role?: string }
interface Call { callId: string; state: string; answeredAt?: string; recording: boolean; legs: Leg[] }
interface Agent { userId: string; agentId: string; state: string; reason?: string; callId?: string; queueId?: string }
interface Floor { stream: string | undefined; seq: number; calls: ReadonlyMap<string, Call>; agents: ReadonlyMap<string, Agent> }
interface LiveFloorModule {
  EMPTY_FLOOR: Floor;
  applyFeedMessage(floor: Floor, msg: unknown): Floor;
  resumeQuery(floor: Floor): string;
}

// The web app's module, loaded as it is (its one import is a type, which tsx drops): the root
// type-check does not follow the web app's `@/` paths, so the path is not a literal here.
const MODULE = new URL('../../web/src/features/supervision/live/live-floor.ts', import.meta.url).href;
const { EMPTY_FLOOR, applyFeedMessage, resumeQuery } = (await import(MODULE)) as LiveFloorModule;

const T = 't1';
let seq = 0;
const ev = (data: Record<string, unknown>, stream = 's1', n = ++seq) => ({ kind: 'event', stream, seq: n, time: `2026-12-07T10:00:${String(n).padStart(2, '0')}.000Z`, data: { tenantId: T, ...data } });
const fold = (floor: Floor, msgs: unknown[]) => msgs.reduce<Floor>((f, m) => applyFeedMessage(f, m), floor);

test('a call from the snapshot and its events: legs, answer, a supervisor stepping in and switching roles, take-over, end', () => {
  seq = 10;
  let f = applyFeedMessage(EMPTY_FLOOR, { kind: 'snapshot', stream: 's1', seqs: { [T]: 10 }, calls: [], agents: [{ userId: 'u1', agentId: '8001', state: 'ready', since: '2026-12-07T09:00:00.000Z' }] });
  assert.equal(f.seq, 10);
  assert.equal(resumeQuery(f), '&stream=s1&after=10');
  f = fold(f, [
    ev({ type: 'call.created', callId: 'c1', direction: 'inbound', number400: '4006123456', callerNumber: '13912345678', state: 'setup' }),
    ev({ type: 'leg.created', callId: 'c1', legId: 'caller', direction: 'inbound', party: { kind: 'pstn', number: '13912345678' }, state: 'offering' }),
    ev({ type: 'leg.created', callId: 'c1', legId: 'agent', direction: 'outbound', party: { kind: 'sip', username: '1001' }, state: 'calling' }),
    ev({ type: 'leg.answered', callId: 'c1', legId: 'agent', previous: 'calling', state: 'answered' }),
    ev({ type: 'call.bridged', callId: 'c1', legIds: ['caller', 'agent'], previous: 'dialing', state: 'answered' }),
    ev({ type: 'recording.started', callId: 'c1' }),
    ev({ type: 'agent.state_changed', userId: 'u1', agentId: '8001', previous: 'ringing', state: 'talking', cause: 'offer_answered', callId: 'c1', queueId: 'q1', at: '2026-12-07T10:00:20.000Z' }),
  ]);
  let c = f.calls.get('c1');
  assert.equal(c?.state, 'answered');
  assert.ok(c?.answeredAt);
  assert.equal(c?.recording, true);
  assert.deepEqual(c?.legs.map((l) => `${l.legId}:${l.state}`), ['caller:offering', 'agent:answered']);
  assert.deepEqual(f.agents.get('u1'), { userId: 'u1', agentId: '8001', state: 'talking', since: '2026-12-07T10:00:20.000Z', callId: 'c1', queueId: 'q1' });

  f = fold(f, [
    ev({ type: 'leg.created', callId: 'c1', legId: 'sup', direction: 'outbound', party: { kind: 'sip', username: '1003' }, state: 'calling' }),
    ev({ type: 'leg.answered', callId: 'c1', legId: 'sup', previous: 'calling', state: 'answered' }),
    ev({ type: 'call.conferenced', callId: 'c1', legIds: ['caller', 'agent', 'sup'], previous: 'answered', state: 'conferenced' }),
    ev({ type: 'leg.role_changed', callId: 'c1', legId: 'sup', previousRole: null, role: 'listen' }),
    ev({ type: 'leg.role_changed', callId: 'c1', legId: 'sup', previousRole: 'listen', role: 'whisper' }),
  ]);
  c = f.calls.get('c1');
  assert.equal(c?.state, 'conferenced');
  assert.equal(c?.legs.find((l) => l.legId === 'sup')?.role, 'whisper');

  // Take-over: the conference ends (no roles any more), the agent's leg goes.
  f = fold(f, [
    ev({ type: 'call.conferenced', callId: 'c1', legIds: ['caller', 'sup'], previous: 'conferenced', state: 'answered' }),
    ev({ type: 'leg.ended', callId: 'c1', legId: 'agent', previous: 'answered', state: 'ended', reason: 'hangup', sipStatus: null }),
  ]);
  c = f.calls.get('c1');
  assert.equal(c?.state, 'answered');
  assert.deepEqual(c?.legs.map((l) => `${l.legId}:${l.role ?? '-'}`), ['caller:-', 'sup:-']);

  f = fold(f, [ev({ type: 'call.ended', callId: 'c1', previous: 'answered', state: 'ended', outcome: 'answered' }), ev({ type: 'agent.state_changed', userId: 'u1', agentId: '8001', previous: 'talking', state: 'not_ready', reason: 'meeting', cause: 'supervisor', callId: 'c1', at: '2026-12-07T10:01:00.000Z' })]);
  assert.equal(f.calls.size, 0);
  assert.deepEqual(f.agents.get('u1'), { userId: 'u1', agentId: '8001', state: 'not_ready', reason: 'meeting', since: '2026-12-07T10:01:00.000Z' }, 'a not-ready agent has no call');
});

test('resume: events already seen are dropped, the next ones apply; a failed resume\'s snapshot replaces everything', () => {
  let f = applyFeedMessage(EMPTY_FLOOR, { kind: 'snapshot', stream: 's1', seqs: { [T]: 5 }, calls: [{ callId: 'c1', tenantId: T, direction: 'inbound', callerNumber: '1', state: 'answered', createdAt: 'x', recording: false, legs: [] }], agents: [] });
  const repeated = applyFeedMessage(f, ev({ type: 'call.ended', callId: 'c1' }, 's1', 5));
  assert.equal(repeated, f, 'seq 5 was in the snapshot: nothing changes');
  f = applyFeedMessage(f, { kind: 'resumed', stream: 's1', seqs: { [T]: 5 } });
  f = applyFeedMessage(f, ev({ type: 'call.created', callId: 'c2', direction: 'inbound', callerNumber: '2', state: 'setup' }, 's1', 6));
  assert.deepEqual([...f.calls.keys()], ['c1', 'c2']);
  assert.equal(resumeQuery(f), '&stream=s1&after=6');
  // The platform restarted: a new stream, a fresh snapshot, seq from 1 again.
  f = applyFeedMessage(f, { kind: 'snapshot', stream: 's2', seqs: {}, calls: [], agents: [], resumeFailed: 'stream' });
  assert.equal(f.calls.size, 0);
  f = applyFeedMessage(f, ev({ type: 'call.created', callId: 'c3', direction: 'inbound', callerNumber: '3', state: 'setup' }, 's2', 1));
  assert.deepEqual([...f.calls.keys()], ['c3'], 'seq 1 of the new stream is not taken for a repeat');
});

test('an agent\'s view: a call arrives whole when their leg joins it', () => {
  const f = applyFeedMessage(EMPTY_FLOOR, { kind: 'call', call: { callId: 'c9', tenantId: T, direction: 'inbound', callerNumber: '9', state: 'dialing', createdAt: 'x', recording: false, legs: [{ legId: 'l', direction: 'outbound', party: { kind: 'sip', username: '1001' }, state: 'ringing', since: 'x' }] } });
  assert.equal(f.calls.get('c9')?.legs.length, 1);
});
