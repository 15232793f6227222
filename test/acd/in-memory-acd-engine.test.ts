import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AcdError } from '../../src/acd/acd-error.ts';
import { TENANT, call, makeAcd } from './acd-fixture.ts';

const state = (acd: ReturnType<typeof makeAcd>, userId: string) => acd.engine.agent(TENANT, userId)!.status;

test('a call is offered to a ready agent, answered, and the agent wraps up for the queue’s time', () => {
  const acd = makeAcd();
  acd.queue('sales', { wrapUpMode: 'timed', wrapUpSeconds: 10 });
  acd.agent({ userId: 'a1', queues: ['sales'] });
  acd.ready('a1');
  const c = call(acd.engine, 'sales', 'c1');
  assert.equal(c.offers.length, 1);
  const offer = c.last();
  assert.equal(offer.userId, 'a1');
  assert.equal(offer.ringTimeoutMs, 20_000);
  assert.deepEqual(state(acd, 'a1'), { state: 'reserved', token: offer.token });
  acd.engine.offerRinging(offer.token);
  assert.equal(state(acd, 'a1').state, 'ringing');
  assert.equal(acd.engine.offerAnswered(offer.token), true);
  assert.equal(state(acd, 'a1').state, 'talking');
  assert.equal(c.ticket.position(), 0);
  acd.clock.advance(60_000);
  acd.engine.callEnded(offer.token);
  assert.equal(state(acd, 'a1').state, 'wrap_up');
  acd.clock.advance(9_999);
  assert.equal(state(acd, 'a1').state, 'wrap_up');
  acd.clock.advance(1);
  assert.equal(state(acd, 'a1').state, 'ready');
  const types = acd.events.map((e) => e.type);
  assert.deepEqual([...new Set(types)], ['agent.state_changed', 'queue.entered', 'queue.offered', 'queue.answered']);
  assert.equal(acd.engine.agent(TENANT, 'a1')!.callsAnswered, 1);
  assert.equal(acd.engine.agent(TENANT, 'a1')!.talkTimeMs, 60_000);
});

test('no answer within the ring time → the next agent; a late answer to the withdrawn offer is refused', () => {
  const acd = makeAcd();
  acd.queue('q', { strategy: 'top_down' });
  acd.agent({ userId: 'a1', queues: [{ queueId: 'q', level: 1 }] });
  acd.agent({ userId: 'a2', queues: [{ queueId: 'q', level: 2 }] });
  acd.ready('a1', 'a2');
  const c = call(acd.engine, 'q', 'c1');
  const first = c.last();
  assert.equal(first.userId, 'a1');
  acd.engine.offerFailed(first.token, 'no_answer');
  assert.equal(c.offers.length, 2);
  assert.equal(c.last().userId, 'a2', 'top_down would pick a1 again: the agent who missed is skipped');
  assert.equal(acd.engine.offerAnswered(first.token), false);
  assert.equal(state(acd, 'a1').state, 'ready');
  assert.equal(acd.engine.agent(TENANT, 'a1')!.missedOffers, 1);
});

test('an offer nobody reports on expires at its deadline: withdrawn, the agent freed, late answer refused', () => {
  const acd = makeAcd();
  acd.queue('q', { ringSeconds: 10 });
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.ready('a1');
  const c = call(acd.engine, 'q', 'c1');
  const offer = c.last();
  acd.clock.advance(15_000);
  assert.deepEqual(c.withdrawn, [offer.token]);
  assert.equal(acd.engine.offerAnswered(offer.token), false);
  assert.equal(c.offers.length, 2, 'offered again (a1 is the only one ready)');
  assert.deepEqual(state(acd, 'a1'), { state: 'reserved', token: c.last().token });
  assert.notEqual(c.last().token, offer.token);
});

test('after maxMissedOffers unanswered offers in a row the agent is made not ready', () => {
  const acd = makeAcd();
  acd.queue('q', { maxMissedOffers: 2, maxWaitSeconds: null });
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.ready('a1');
  const c = call(acd.engine, 'q', 'c1');
  acd.engine.offerFailed(c.last().token, 'no_answer');
  assert.equal(state(acd, 'a1').state, 'reserved', 'offered again: nobody else');
  acd.engine.offerFailed(c.last().token, 'rejected');
  assert.deepEqual(state(acd, 'a1'), { state: 'not_ready', reason: 'missed_offers' });
  const last = acd.events.at(-1)!;
  assert.equal(last.type, 'agent.state_changed');
  assert.equal(last.type === 'agent.state_changed' && last.cause, 'missed_offers');
  assert.equal(c.ticket.position(), 1, 'still waiting');
});

test('ring_all rings every ready agent; the first answer wins and the others are withdrawn', () => {
  const acd = makeAcd();
  acd.queue('q', { strategy: 'ring_all' });
  for (const u of ['a1', 'a2', 'a3']) acd.agent({ userId: u, queues: ['q'] });
  acd.ready('a1', 'a2', 'a3');
  const c = call(acd.engine, 'q', 'c1');
  assert.equal(c.offers.length, 3);
  const win = c.offers[1]!;
  assert.equal(acd.engine.offerAnswered(win.token), true);
  assert.deepEqual(new Set(c.withdrawn), new Set([c.offers[0]!.token, c.offers[2]!.token]));
  assert.equal(acd.engine.offerAnswered(c.offers[0]!.token), false);
  assert.equal(state(acd, c.offers[0]!.userId).state, 'ready');
  assert.equal(acd.engine.agent(TENANT, c.offers[0]!.userId)!.missedOffers, 0, 'withdrawn, not missed');
});

test('ring_progressively adds one agent per step until one answers', () => {
  const acd = makeAcd();
  acd.queue('q', { strategy: 'ring_progressively', progressiveStepSeconds: 5, ringSeconds: 30 });
  for (const u of ['a1', 'a2', 'a3']) acd.agent({ userId: u, queues: [{ queueId: 'q', level: Number(u[1]) }] });
  acd.ready('a1', 'a2', 'a3');
  const c = call(acd.engine, 'q', 'c1');
  assert.deepEqual(c.offers.map((o) => o.userId), ['a1']);
  acd.clock.advance(5_000);
  assert.deepEqual(c.offers.map((o) => o.userId), ['a1', 'a2']);
  acd.clock.advance(5_000);
  assert.deepEqual(c.offers.map((o) => o.userId), ['a1', 'a2', 'a3']);
  assert.equal(acd.engine.offerAnswered(c.offers[2]!.token), true);
  assert.equal(c.withdrawn.length, 2);
});

test('the queue timeout overflows the call; nobody logged in overflows at once', () => {
  const acd = makeAcd();
  acd.queue('q', { maxWaitSeconds: 60 });
  acd.agent({ userId: 'a1', queues: ['q'] });
  const none = call(acd.engine, 'q', 'c0');
  assert.deepEqual(none.overflows, ['no_agents']);
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  const c = call(acd.engine, 'q', 'c1');
  assert.equal(c.ticket.position(), 1);
  acd.clock.advance(59_999);
  assert.deepEqual(c.overflows, []);
  acd.clock.advance(1);
  assert.deepEqual(c.overflows, ['timeout']);
  assert.equal(c.ticket.position(), 0);
  const kinds = acd.events.filter((e) => e.type === 'queue.overflowed').map((e) => e.type === 'queue.overflowed' && e.reason);
  assert.deepEqual(kinds, ['no_agents', 'timeout']);
});

test('the last agent logging out overflows the waiting calls', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  const c = call(acd.engine, 'q', 'c1');
  acd.engine.logOut(TENANT, 'a1', 'agent');
  assert.deepEqual(c.overflows, ['no_agents']);
});

test('the caller leaving withdraws the offer and frees the agent without a miss', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.ready('a1');
  const c = call(acd.engine, 'q', 'c1');
  acd.engine.leave(c.ticket.id, 'abandoned');
  assert.deepEqual(c.withdrawn, [c.last().token]);
  assert.equal(state(acd, 'a1').state, 'ready');
  assert.equal(acd.engine.offerAnswered(c.last().token), false);
  assert.ok(acd.events.some((e) => e.type === 'queue.abandoned'));
});

test('wrap-up is per agent across queues: an agent wrapping up after queue A gets no call from queue B', () => {
  const acd = makeAcd();
  acd.queue('A', { wrapUpMode: 'manual' });
  acd.queue('B', { wrapUpMode: 'none', maxWaitSeconds: null });
  acd.agent({ userId: 'a1', queues: ['A', 'B'] });
  acd.ready('a1');
  const ca = call(acd.engine, 'A', 'c1');
  acd.engine.offerAnswered(ca.last().token);
  const cb = call(acd.engine, 'B', 'c2');
  acd.engine.callEnded(ca.last().token);
  assert.equal(state(acd, 'a1').state, 'wrap_up');
  acd.clock.advance(600_000);
  assert.equal(cb.offers.length, 0, 'manual wrap-up lasts until the agent ends it');
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.equal(cb.offers.length, 1);
  acd.engine.offerAnswered(cb.last().token);
  acd.engine.callEnded(cb.last().token);
  assert.equal(state(acd, 'a1').state, 'ready', "queue B's mode is none");
});

test('a call waiting when the agent finishes is offered to them at once (no wrap-up) or when the timed wrap-up ends', () => {
  const acd = makeAcd();
  acd.queue('A', { wrapUpMode: 'none', maxWaitSeconds: null });
  acd.queue('B', { wrapUpMode: 'timed', wrapUpSeconds: 5, maxWaitSeconds: null });
  acd.agent({ userId: 'a1', queues: ['A', 'B'] });
  acd.ready('a1');
  const c1 = call(acd.engine, 'A', 'c1');
  acd.engine.offerAnswered(c1.last().token);
  const c2 = call(acd.engine, 'B', 'c2');
  assert.equal(c2.offers.length, 0, 'a1 is talking');
  acd.engine.callEnded(c1.last().token);
  assert.equal(c2.offers.length, 1, "queue A's mode is none: the waiting call is offered as the call ends");
  acd.engine.offerAnswered(c2.last().token);
  const c3 = call(acd.engine, 'A', 'c3');
  acd.engine.callEnded(c2.last().token);
  assert.equal(state(acd, 'a1').state, 'wrap_up');
  acd.clock.advance(4_999);
  assert.equal(c3.offers.length, 0, 'in wrap-up');
  acd.clock.advance(1);
  assert.equal(c3.offers.length, 1, 'offered as the wrap-up timer ends (found over SIP: it waited for the next arrival)');
});

test('an agent serving several queues gets their highest-priority queue first, then the longest-waiting call', () => {
  const acd = makeAcd();
  acd.queue('vip');
  acd.queue('general');
  acd.queue('other');
  acd.agent({ userId: 'a1', queues: [{ queueId: 'vip', priority: 1 }, { queueId: 'general', priority: 2 }, { queueId: 'other', priority: 2 }] });
  acd.agent({ userId: 'keeper', queues: ['vip', 'general', 'other'] });
  acd.engine.logIn(TENANT, 'keeper', 'agent', 'break'); // keeps the queues from overflowing
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  const g = call(acd.engine, 'general', 'c1');
  acd.clock.advance(1000);
  const o = call(acd.engine, 'other', 'c2');
  acd.clock.advance(1000);
  const v = call(acd.engine, 'vip', 'c3');
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.equal(v.offers.length, 1, 'vip first: the agent serves it at priority 1');
  acd.engine.offerAnswered(v.last().token);
  acd.engine.callEnded(v.last().token);
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.equal(g.offers.length, 1, 'then the longest-waiting of the equal-priority queues');
  assert.equal(o.offers.length, 0);
});

test('caller priority goes ahead of earlier callers in the same queue', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  const early = call(acd.engine, 'q', 'c1');
  const vip = call(acd.engine, 'q', 'c2', { priority: 5 });
  assert.equal(vip.ticket.position(), 1);
  assert.equal(early.ticket.position(), 2);
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.equal(vip.offers.length, 1);
  assert.equal(early.offers.length, 0);
});

test('bullseye: only proficient agents at first, everyone once the step expires', () => {
  const acd = makeAcd();
  acd.queue('q', { skillId: 'en', bullseye: [{ minProficiency: 4, untilSeconds: 30 }] });
  acd.agent({ userId: 'novice', queues: ['q'], skills: { en: 2 } });
  acd.ready('novice');
  const c = call(acd.engine, 'q', 'c1');
  assert.equal(c.offers.length, 0);
  acd.clock.advance(30_000);
  assert.equal(c.offers.length, 1);
  assert.equal(c.last().userId, 'novice');
});

test('routing profile delay: the agent takes calls of that queue only after they waited the delay', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'backup', queues: [{ queueId: 'q', delaySeconds: 20 }] });
  acd.ready('backup');
  const c = call(acd.engine, 'q', 'c1');
  acd.clock.advance(19_000);
  assert.equal(c.offers.length, 0);
  acd.clock.advance(1_000);
  assert.equal(c.offers.length, 1);
});

test('tiers: a tier-2 member is offered only when no tier-1 member is free', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 't1', queues: [{ queueId: 'q', tier: 1 }] });
  acd.agent({ userId: 't2', queues: [{ queueId: 'q', tier: 2 }] });
  acd.ready('t2');
  acd.clock.advance(100);
  acd.ready('t1');
  const c = call(acd.engine, 'q', 'c1');
  assert.equal(c.last().userId, 't1', 't2 idled longer but is tier 2');
  const d = call(acd.engine, 'q', 'c2');
  assert.equal(d.last().userId, 't2');
});

test('call memory: a repeat caller goes to the agent who last served them, waiting for them a while', () => {
  const acd = makeAcd();
  acd.queue('q', { stickyWindowSeconds: 3600, stickyWaitSeconds: 10, wrapUpMode: 'none' });
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.ready('a1', 'a2');
  const first = call(acd.engine, 'q', 'c1', { callerNumber: '+8613900000001' });
  const served = first.last().userId;
  acd.engine.offerAnswered(first.last().token);
  acd.engine.callEnded(first.last().token);
  acd.clock.advance(60_000);
  const other = served === 'a1' ? 'a2' : 'a1';
  // The other agent has now idled longer: without memory longest-idle would pick them.
  acd.engine.setNotReady(TENANT, other, 'break', 'agent');
  acd.engine.setReady(TENANT, other, 'agent');
  acd.engine.setNotReady(TENANT, served, 'break', 'agent');
  acd.engine.setReady(TENANT, served, 'agent');
  const again = call(acd.engine, 'q', 'c2', { callerNumber: '+8613900000001' });
  assert.equal(again.last().userId, served);
  // While the remembered agent is busy the caller waits for them, then goes to the queue.
  const busyAgain = call(acd.engine, 'q', 'c3', { callerNumber: '+8613900000001' });
  assert.equal(busyAgain.offers.length, 0);
  acd.clock.advance(10_000);
  assert.equal(busyAgain.last().userId, other);
});

test('region preference: an agent who serves the caller’s region first', () => {
  const acd = makeAcd();
  acd.queue('q', { regionPreference: true });
  acd.agent({ userId: 'bj', queues: ['q'], regions: ['北京'] });
  acd.agent({ userId: 'gd', queues: ['q'], regions: ['广东'] });
  acd.ready('bj', 'gd');
  assert.equal(call(acd.engine, 'q', 'c1', { callerRegion: '广东' }).last().userId, 'gd');
});

test('a lost registration makes the agent not ready and withdraws an offer out; setReady is refused until it is back', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.ready('a1');
  const c = call(acd.engine, 'q', 'c1');
  acd.unreachable.add('a1');
  acd.engine.registrationLost(TENANT, 'a1');
  assert.deepEqual(state(acd, 'a1'), { state: 'not_ready', reason: 'registration_lost' });
  assert.deepEqual(c.withdrawn, [c.last().token]);
  assert.throws(() => acd.engine.setReady(TENANT, 'a1', 'agent'), (e: unknown) => e instanceof AcdError && e.code === 'PHONE_UNREACHABLE');
  acd.unreachable.delete('a1');
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.equal(state(acd, 'a1').state, 'reserved', 'the waiting call is offered again');
});

test('an agent cannot log themselves out during a call; a supervisor can, and the call’s end then changes nothing', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.ready('a1');
  const c = call(acd.engine, 'q', 'c1');
  acd.engine.offerAnswered(c.last().token);
  assert.throws(() => acd.engine.logOut(TENANT, 'a1', 'agent'), (e: unknown) => e instanceof AcdError && e.code === 'STATE_REFUSED');
  acd.engine.logOut(TENANT, 'a1', 'supervisor');
  assert.equal(state(acd, 'a1').state, 'logged_out');
  acd.engine.callEnded(c.last().token);
  assert.equal(state(acd, 'a1').state, 'logged_out');
  assert.equal(acd.engine.offerCount(), 0);
});

test('an unknown not-ready reason is refused and changes nothing', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.ready('a1');
  assert.throws(() => acd.engine.setNotReady(TENANT, 'a1', 'nap', 'agent'), (e: unknown) => e instanceof AcdError && e.code === 'REASON_NOT_FOUND');
  assert.equal(state(acd, 'a1').state, 'ready');
});

test('an offer made before the driver registered its handler is handed over at registration', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.ready('a1');
  const ticket = acd.engine.enqueue({ tenantId: TENANT, queueId: 'q', callId: 'c1', callerNumber: '+8613800000000' });
  const got: string[] = [];
  ticket.onOffer((o) => got.push(o.userId));
  assert.deepEqual(got, ['a1']);
});

test('a handler may call back into the engine at once (failing an offer inside onOffer)', () => {
  const acd = makeAcd();
  acd.queue('q', { maxMissedOffers: 10 });
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.ready('a1', 'a2');
  const ticket = acd.engine.enqueue({ tenantId: TENANT, queueId: 'q', callId: 'c1', callerNumber: '+8613800000000' });
  const seen: string[] = [];
  ticket.onOffer((o) => {
    seen.push(o.userId);
    if (seen.length < 4) acd.engine.offerFailed(o.token, 'busy');
  });
  assert.equal(seen.length, 4);
  assert.equal(acd.engine.offerCount(), 1);
});

test('restore after a restart: nobody stays reserved or talking', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.agent({ userId: 'a3', queues: ['q'] });
  acd.engine.restore(TENANT, 'a1', { state: 'reserved', token: 'old' });
  acd.engine.restore(TENANT, 'a2', { state: 'talking', token: 'old2' });
  acd.engine.restore(TENANT, 'a3', { state: 'not_ready', reason: 'break' });
  assert.equal(state(acd, 'a1').state, 'ready');
  assert.equal(state(acd, 'a2').state, 'ready');
  assert.deepEqual(state(acd, 'a3'), { state: 'not_ready', reason: 'break' });
  const restarts = acd.events.filter((e) => e.type === 'agent.state_changed' && e.cause === 'restart');
  assert.equal(restarts.length, 2);
});

test('queue figures: waiting, longest wait and agents by state', () => {
  const acd = makeAcd();
  acd.queue('q');
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.agent({ userId: 'a2', queues: ['q'] });
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  call(acd.engine, 'q', 'c1');
  acd.clock.advance(42_000);
  call(acd.engine, 'q', 'c2');
  const [f] = acd.engine.queueFigures(TENANT, 'q');
  assert.equal(f!.waiting, 2);
  assert.equal(f!.longestWaitSeconds, 42);
  assert.equal(f!.agents.not_ready, 1);
  assert.equal(f!.agents.logged_out, 1);
});

test('the callback request keeps the caller’s place and rides on the offer', () => {
  const acd = makeAcd();
  acd.queue('q', { maxWaitSeconds: null });
  acd.agent({ userId: 'a1', queues: ['q'] });
  acd.engine.logIn(TENANT, 'a1', 'agent', 'break');
  const first = call(acd.engine, 'q', 'c1');
  call(acd.engine, 'q', 'c2');
  acd.engine.requestCallback(first.ticket.id, '+8613900000009');
  assert.equal(first.ticket.position(), 1);
  acd.engine.setReady(TENANT, 'a1', 'agent');
  assert.deepEqual(first.last().callback, { number: '+8613900000009' });
  assert.ok(acd.events.some((e) => e.type === 'callback.requested' && e.keepsPlace));
});

test.todo('call memory survives a restart — the engine keeps it in memory only; after a restart the driver can pass stickyAgentId from the call records (answering agent)');
test.todo('fewest_calls / least_talk_time count since the agent logged in, not per day — a per-day count needs the stored transitions (agent reports)');
