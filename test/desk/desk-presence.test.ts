/**
 * The desk's presence on a fake clock (no wall-clock waits): the real ACD engine and the desk as the
 * platform starts them (src/desk/desk.ts), a feed and a softphone flow opened and closed by hand.
 * A reload inside the grace changes nothing; a desk gone past it makes the agent not ready
 * (desk_closed) and the next call goes to another agent; the softphone alone lost past the grace
 * is a lost registration; a desk gone during a call makes the agent not ready once the call ended.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InMemoryAcdEngine } from '../../src/acd/in-memory-acd-engine.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../../src/acd/acd-model.ts';
import type { Offer } from '../../src/acd/acd-engine.ts';
import { EventBus } from '../../src/events/event-bus.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { startDesk } from '../../src/desk/desk.ts';

const GRACE = 15_000;

function setUp() {
  const clock = new FakeClock(0, { wallStart: Date.parse('2026-12-07T09:00:00Z') });
  const bus = new EventBus({ now: () => clock.wallNow() });
  const registered = new Set(['s1', 's2']);
  const engine = new InMemoryAcdEngine({ clock, sink: (e) => bus.publish(e), reachability: { isReachable: (_t, p) => p.kind === 'mobile' || registered.has(p.username) } });
  engine.putQueue({ ...QUEUE_DEFAULTS, id: 'q', tenantId: 'T', name: 'q', strategy: 'top_down', wrapUpMode: 'none' });
  for (const [u, level] of [['u1', 1], ['u2', 2]] as const) {
    engine.putAgent({ tenantId: 'T', userId: u, agentId: u, displayName: u, phone: { kind: 'browser', username: u === 'u1' ? 's1' : 's2' }, skills: new Map(), regions: [] }, [{ ...MEMBERSHIP_DEFAULTS, queueId: 'q', userId: u, level }]);
    engine.logIn('T', u, 'agent');
  }
  const phonesLost: string[] = [];
  const desk = startDesk({
    bus,
    clock,
    graceMs: GRACE,
    deskGone: (t, u) => engine.deskClosed(t, u),
    phoneGone: (t, s) => {
      phonesLost.push(s);
      if (!registered.has(s)) engine.registrationLost(t, s);
    },
  });
  const state = (u: string) => {
    const s = engine.agent('T', u)!.status;
    return s.state === 'not_ready' ? `not_ready:${s.reason}` : s.state;
  };
  /** The browser's registration of `sip` goes (as the platform defers it) or comes back. */
  const softphone = (u: string, sip: string, up: boolean) => {
    if (up) registered.add(sip);
    else registered.delete(sip);
    desk.presence.softphone('T', u, sip, up);
    if (up) engine.phoneReachable('T', sip);
  };
  return { clock, bus, engine, desk, state, softphone, phonesLost };
}

test('a reload inside the grace keeps the agent ready; a desk gone past it makes them not ready and the next call goes elsewhere', async () => {
  const { clock, bus, engine, desk, state, softphone } = setUp();
  let closeFeed = desk.presence.feedOpened('T', 'u1');
  softphone('u1', 's1', true);

  // Reload: the page's feed and softphone close and come back within the grace.
  closeFeed();
  softphone('u1', 's1', false);
  clock.advance(GRACE - 1);
  closeFeed = desk.presence.feedOpened('T', 'u1');
  softphone('u1', 's1', true);
  clock.advance(10 * GRACE);
  assert.equal(state('u1'), 'ready');

  // The browser closes for good.
  closeFeed();
  softphone('u1', 's1', false);
  clock.advance(GRACE - 1);
  assert.equal(state('u1'), 'ready', 'still inside the grace');
  clock.advance(1);
  assert.equal(state('u1'), 'not_ready:desk_closed');
  assert.equal(desk.presence.isOpen('T', 'u1'), false);
  await bus.settled();
  const changes = bus.since('T', 0)!.map((e) => e.data).filter((d) => d.type === 'agent.state_changed' && d.userId === 'u1');
  assert.deepEqual(changes.at(-1), { ...changes.at(-1), state: 'not_ready', reason: 'desk_closed', cause: 'desk_closed', previous: 'ready' });

  // The next call goes to u2 (u1 is first in line top-down when ready).
  const offers: Offer[] = [];
  engine.enqueue({ tenantId: 'T', queueId: 'q', callId: 'c1', callerNumber: '+8613900000001' }).onOffer((o) => offers.push(o));
  assert.deepEqual(offers.map((o) => o.userId), ['u2']);
  desk.stop();
});

test('the softphone alone lost past the grace (the page still open) is a lost registration; one that comes back is not', () => {
  const { clock, desk, state, softphone, phonesLost } = setUp();
  desk.presence.feedOpened('T', 'u1');
  softphone('u1', 's1', true);
  softphone('u1', 's1', false);
  clock.advance(GRACE / 2);
  softphone('u1', 's1', true);
  clock.advance(2 * GRACE);
  assert.deepEqual(phonesLost, []);
  assert.equal(state('u1'), 'ready');
  softphone('u1', 's1', false);
  clock.advance(GRACE);
  assert.deepEqual(phonesLost, ['s1']);
  assert.equal(state('u1'), 'not_ready:registration_lost');
  desk.stop();
});

test('a desk gone during a call: the call goes on, and the agent is made not ready once it ended', async () => {
  const { clock, bus, engine, desk, state } = setUp();
  const closeFeed = desk.presence.feedOpened('T', 'u1');
  const offers: Offer[] = [];
  engine.enqueue({ tenantId: 'T', queueId: 'q', callId: 'c1', callerNumber: '+8613900000001' }).onOffer((o) => offers.push(o));
  const [offer] = offers;
  assert.equal(offer?.userId, 'u1');
  assert.equal(engine.offerAnswered(offer.token), true);
  closeFeed();
  clock.advance(GRACE);
  assert.equal(state('u1'), 'talking', 'the call goes on');
  engine.callEnded(offer.token);
  await bus.settled();
  assert.equal(state('u1'), 'not_ready:desk_closed');
  desk.stop();
});

test('after a restart a restored agent’s desk is expected: one that reconnects within the grace keeps the agent ready, one that does not is desk_closed', () => {
  const { clock, desk, state, softphone } = setUp();
  desk.presence.expect('T', 'u1');
  desk.presence.expect('T', 'u2');
  clock.advance(GRACE / 2);
  desk.presence.feedOpened('T', 'u1');
  softphone('u1', 's1', true);
  clock.advance(GRACE);
  assert.equal(state('u1'), 'ready');
  assert.equal(state('u2'), 'not_ready:desk_closed');
  desk.stop();
});
