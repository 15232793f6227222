// The ACD's events on the bus: the engine's sink publishes them, live state projects agents and
// waiting calls, and the feed shows them per viewer (staff: the tenant's; an agent: their own).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedSocket } from '../../src/events/feed-hub.ts';
import { FeedHub } from '../../src/events/feed-hub.ts';
import { EventBus } from '../../src/events/event-bus.ts';
import { InProcessLiveState } from '../../src/events/in-process-live-state.ts';
import { parseTopics } from '../../src/events/feed-protocol.ts';
import { InMemoryAcdEngine } from '../../src/acd/in-memory-acd-engine.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../../src/acd/acd-model.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';

function socket() {
  const sent: Record<string, unknown>[] = [];
  const s: FeedSocket = { send: (d) => sent.push(JSON.parse(d) as Record<string, unknown>), close: () => undefined, ping: () => undefined, bufferedAmount: 0 };
  return { s, sent };
}

test('ACD events reach live state and the feed: staff see the tenant’s, an agent only their own', async () => {
  const clock = new FakeClock(0, { wallStart: Date.parse('2026-12-07T09:00:00Z') });
  const bus = new EventBus({ now: () => clock.wallNow() });
  const live = new InProcessLiveState(bus);
  const feed = new FeedHub({ bus, live, now: () => clock.wallNow(), heartbeatMs: 3_600_000 });
  const engine = new InMemoryAcdEngine({ clock, sink: (e) => bus.publish(e) });
  engine.putQueue({ ...QUEUE_DEFAULTS, id: 'q1', tenantId: 'T', name: 'q1' });
  for (const u of ['u1', 'u2']) {
    engine.putAgent({ tenantId: 'T', userId: u, agentId: u === 'u1' ? '8001' : '8002', displayName: u, phone: { kind: 'sip', username: u }, skills: new Map(), regions: [] }, [{ ...MEMBERSHIP_DEFAULTS, queueId: 'q1', userId: u }]);
  }
  const staff = socket();
  const agent = socket();
  const other = socket();
  feed.connect(staff.s, { viewer: { tenantId: 'T' } });
  feed.connect(agent.s, { viewer: { tenantId: 'T', own: { sipUsername: 'u2', number: null, userId: 'u2' } } });
  feed.connect(other.s, { viewer: { tenantId: 'OTHER' } });

  engine.logIn('T', 'u1', 'agent', 'break');
  engine.logIn('T', 'u2', 'agent');
  const ticket = engine.enqueue({ tenantId: 'T', queueId: 'q1', callId: 'c1', callerNumber: '+8613800000000' });
  const tokens: string[] = [];
  ticket.onOffer((o) => tokens.push(o.token));
  engine.enqueue({ tenantId: 'T', queueId: 'q1', callId: 'c2', callerNumber: '+8613800000001' });
  await bus.settled();

  const agents = await live.agents('T');
  assert.deepEqual(
    agents.map((a) => [a.userId, a.state, a.reason ?? null, a.callId ?? null]),
    [
      ['u1', 'not_ready', 'break', null],
      ['u2', 'reserved', null, 'c1'],
    ],
  );
  const queues = await live.queues('T');
  assert.deepEqual(queues.map((q) => q.waiting.map((w) => w.callId)), [['c1', 'c2']]);
  assert.equal(engine.offerAnswered(tokens[0]!), true);
  await bus.settled();
  assert.deepEqual((await live.queues('T'))[0]!.waiting.map((w) => w.callId), ['c2']);

  const types = (sent: Record<string, unknown>[]) => sent.filter((m) => m.kind === 'event').map((m) => `${m.type as string}`);
  assert.deepEqual(types(staff.sent), [
    'agent.state_changed',
    'agent.state_changed',
    'queue.entered',
    'agent.state_changed',
    'queue.offered',
    'queue.entered',
    'agent.state_changed',
    'queue.answered',
  ]);
  assert.deepEqual(types(agent.sent), ['agent.state_changed', 'agent.state_changed', 'queue.offered', 'agent.state_changed', 'queue.answered'], 'u2’s own only');
  assert.deepEqual(types(other.sent), []);

  // A fresh snapshot carries agents and queues; an agent's has only themselves and no queues.
  const snap = feed.snapshotFor({ tenantId: 'T' });
  assert.equal(snap.agents.length, 2);
  assert.equal(snap.queues.length, 1);
  const own = feed.snapshotFor({ tenantId: 'T', own: { sipUsername: 'u2', number: null, userId: 'u2' } });
  assert.deepEqual(own.agents.map((a) => a.userId), ['u2']);
  assert.deepEqual(own.queues, []);
  feed.stop();
});

test('the feed accepts the ACD topics and event types', () => {
  assert.deepEqual(parseTopics(['agent', 'queue', 'callback', 'queue.offered']), ['agent', 'queue', 'callback', 'queue.offered']);
  assert.equal(parseTopics(['queue.nope']), undefined);
});
