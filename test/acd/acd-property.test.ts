// The ACD under random interleavings (issue 13's property test): arrivals, callers hanging up,
// agents answering late or never, rejecting, talking, holding, logging in and out (themselves or
// forced), going not ready, losing and regaining their phone's registration — hundreds of agents
// on a fake clock. After every step: no agent holds two offers. At the end: every call answered,
// abandoned or overflowed exactly once; nobody left reserved; every agent's state equals the end
// of its transition log, and every logged step is one the table allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Offer } from '../../src/acd/acd-engine.ts';
import { AcdError } from '../../src/acd/acd-error.ts';
import type { AgentStateChanged } from '../../src/acd/acd-events.ts';
import type { StrategyName } from '../../src/acd/acd-model.ts';
import { AGENT_STATES, type AgentInput, type AgentStatus, nextAgentStatus } from '../../src/acd/agent-state.ts';
import { seededRandom } from '../../src/random/seeded-random.ts';
import { TENANT, makeAcd } from './acd-fixture.ts';

/** Every (from, to) state pair some input of the table allows. */
function allowedEdges(): Set<string> {
  const edges = new Set<string>();
  const reasons = ['break', 'missed_offers', 'registration_lost'];
  const statuses: AgentStatus[] = AGENT_STATES.flatMap((s): AgentStatus[] =>
    s === 'not_ready' ? reasons.map((reason) => ({ state: s, reason })) : s === 'reserved' || s === 'ringing' || s === 'talking' || s === 'held' ? [{ state: s, token: 't' }] : [{ state: s }],
  );
  const landings = [{ state: 'ready' as const }, { state: 'wrap_up' as const }, ...reasons.map((reason) => ({ state: 'not_ready' as const, reason }))];
  const inputs: AgentInput[] = [
    { kind: 'log_in' },
    ...reasons.map((reason): AgentInput => ({ kind: 'log_in', reason })),
    { kind: 'set_ready' },
    ...reasons.map((reason): AgentInput => ({ kind: 'set_not_ready', reason })),
    { kind: 'log_out' },
    { kind: 'offer', token: 't' },
    { kind: 'ring', token: 't' },
    { kind: 'answer', token: 't' },
    ...landings.map((then): AgentInput => ({ kind: 'offer_lost', token: 't', then })),
    { kind: 'hold', token: 't' },
    { kind: 'unhold', token: 't' },
    ...landings.map((then): AgentInput => ({ kind: 'call_end', token: 't', then })),
    { kind: 'wrap_up_end' },
    { kind: 'phone_lost' },
  ];
  for (const s of statuses) for (const i of inputs) {
    const r = nextAgentStatus(s, i);
    if (r.ok) edges.add(`${s.state}→${r.status.state}`);
  }
  return edges;
}

const STRATEGY_MIX: StrategyName[] = ['longest_idle', 'ring_all', 'round_robin', 'top_down', 'fewest_calls', 'least_talk_time', 'random', 'weighted_random', 'ring_progressively', 'best_skill'];

function run(seed: number, agentCount: number, queueCount: number, steps: number): void {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const acd = makeAcd({ seed });
  const { engine, clock, events, unreachable } = acd;
  const queues = Array.from({ length: queueCount }, (_, i) => `q${i}`);
  queues.forEach((q, i) =>
    acd.queue(q, {
      strategy: STRATEGY_MIX[i % STRATEGY_MIX.length]!,
      ringSeconds: 5 + Math.floor(rnd() * 20),
      maxWaitSeconds: 60 + Math.floor(rnd() * 240),
      wrapUpMode: pick(['none', 'timed', 'manual'] as const),
      wrapUpSeconds: Math.floor(rnd() * 30),
      maxMissedOffers: 1 + Math.floor(rnd() * 3),
      skillId: i % 3 === 0 ? 'en' : null,
      bullseye: i % 3 === 0 ? [{ minProficiency: 4, untilSeconds: 20 }, { minProficiency: 2, untilSeconds: 40 }] : [],
      stickyWindowSeconds: i % 4 === 0 ? 600 : 0,
      regionPreference: i % 5 === 0,
      progressiveStepSeconds: 3,
    }),
  );
  const agents = Array.from({ length: agentCount }, (_, i) => `a${String(i).padStart(4, '0')}`);
  for (const a of agents) {
    const mine = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(queues)))];
    acd.agent({
      userId: a,
      queues: mine.map((queueId) => ({ queueId, tier: 1 + Math.floor(rnd() * 2), priority: 1 + Math.floor(rnd() * 3), delaySeconds: rnd() < 0.2 ? 10 : 0, weight: 1 + Math.floor(rnd() * 4) })),
      skills: { en: 1 + Math.floor(rnd() * 5) },
      regions: [pick(['北京', '上海', '广东'])],
    });
  }

  // The driver's view: offers it holds per agent (delivered, not yet closed by it or withdrawn).
  const open = new Map<string, Set<string>>();
  const tokenAgent = new Map<string, string>();
  const answered = new Set<string>();
  const tickets: { id: string; callId: string }[] = [];
  const close = (token: string): void => {
    open.get(tokenAgent.get(token)!)?.delete(token);
  };
  const onOffer = (o: Offer): void => {
    const held = open.get(o.userId) ?? new Set<string>();
    assert.equal(held.size, 0, `agent ${o.userId} offered a second call while holding ${[...held].join(',')}`);
    held.add(o.token);
    open.set(o.userId, held);
    tokenAgent.set(o.token, o.userId);
    // The phone: rings and answers, rejects, is busy, or never says anything (the deadline takes it back).
    const r = rnd();
    const after = Math.floor(rnd() * (o.ringTimeoutMs + 8000));
    clock.setTimeout(() => {
      if (!open.get(o.userId)?.has(o.token)) return; // withdrawn meanwhile
      if (r < 0.6) {
        engine.offerRinging(o.token);
        if (engine.offerAnswered(o.token)) {
          answered.add(o.token);
          if (rnd() < 0.2) engine.callHeld(o.token);
          clock.setTimeout(() => {
            if (rnd() < 0.5) engine.callUnheld(o.token);
            // The driver is done with the call before it tells the engine: a waiting call may be offered to this agent at once.
            close(o.token);
            engine.callEnded(o.token);
          }, 1000 + Math.floor(rnd() * 120_000));
        } else close(o.token);
      } else if (r < 0.85) {
        close(o.token);
        engine.offerFailed(o.token, pick(['no_answer', 'rejected', 'busy', 'failed'] as const));
      }
    }, after);
  };

  for (let step = 0; step < steps; step++) {
    const r = rnd();
    const a = pick(agents);
    // Agent-side refusals (not logged in, phone unreachable, on a call) are answers; anything else thrown is a failure.
    const agentSide = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        if (!(err instanceof AcdError) || !['STATE_REFUSED', 'PHONE_UNREACHABLE'].includes(err.code)) throw err;
      }
    };
    if (r < 0.3) {
      const callId = `c${step}`;
      const t = engine.enqueue({ tenantId: TENANT, queueId: pick(queues), callId, callerNumber: `+861390000${Math.floor(rnd() * 300)}`, priority: rnd() < 0.1 ? 5 : 0, callerRegion: pick(['北京', '上海', '广东']) });
      tickets.push({ id: t.id, callId });
      t.onOffer(onOffer);
      t.onWithdraw((token) => close(token));
      t.onOverflow(() => undefined);
      if (rnd() < 0.05) engine.requestCallback(t.id, '+8613912345678');
    } else if (r < 0.38) {
      if (tickets.length > 0) engine.leave(pick(tickets).id, 'abandoned');
    } else if (r < 0.55) agentSide(() => engine.logIn(TENANT, a, 'agent'));
    else if (r < 0.7) agentSide(() => engine.setReady(TENANT, a, pick(['agent', 'supervisor'] as const)));
    else if (r < 0.75) agentSide(() => engine.setNotReady(TENANT, a, pick(['break', 'meeting']), 'agent'));
    else if (r < 0.79) agentSide(() => engine.logOut(TENANT, a, pick(['agent', 'supervisor'] as const)));
    else if (r < 0.82) {
      unreachable.add(a);
      engine.registrationLost(TENANT, a);
    } else if (r < 0.86) unreachable.delete(a);
    else clock.advance(Math.floor(rnd() * 5000));
  }
  // Stop the world: no new calls; time passes until every queue has given up or served.
  unreachable.clear();
  for (let i = 0; i < 40; i++) clock.advance(30_000);

  const outcomes = new Map<string, string[]>();
  for (const e of events) {
    if (e.type === 'queue.answered' || e.type === 'queue.abandoned' || e.type === 'queue.overflowed') outcomes.set(e.ticketId, [...(outcomes.get(e.ticketId) ?? []), e.type]);
  }
  // A callback keeps its place until an agent of its queue takes it: its caller is not on the line,
  // so it never times out; it alone may still wait (and never overflows).
  const callbacks = new Set(events.filter((e) => e.type === 'callback.requested').map((e) => e.ticketId));
  let waitingCallbacks = 0;
  for (const t of tickets) {
    const got = outcomes.get(t.id) ?? [];
    if (got.length === 0 && callbacks.has(t.id)) waitingCallbacks++;
    else assert.equal(got.length, 1, `call ${t.callId}: ${got.join(',') || 'no outcome'}`);
  }
  assert.equal(engine.waitingCount(), waitingCallbacks);

  const edges = allowedEdges();
  const logs = new Map<string, AgentStateChanged[]>();
  for (const e of events) if (e.type === 'agent.state_changed') logs.set(e.userId, [...(logs.get(e.userId) ?? []), e]);
  for (const a of agents) {
    const status = engine.agent(TENANT, a)!.status;
    assert.ok(status.state !== 'reserved' && status.state !== 'ringing', `${a} stuck ${status.state}`);
    let state: string = 'logged_out';
    let reason: string | undefined;
    for (const e of logs.get(a) ?? []) {
      assert.equal(e.previous, state, `${a}: log broken at ${e.at}`);
      assert.equal(e.previousReason, reason);
      assert.ok(edges.has(`${e.previous}→${e.state}`), `${a}: ${e.previous}→${e.state} is not in the table`);
      state = e.state;
      reason = e.reason;
    }
    assert.equal(status.state, state, `${a}: engine says ${status.state}, log says ${state}`);
    if (status.state === 'not_ready') assert.equal(status.reason, reason);
  }
  if (process.env.ACD_PROPERTY_STATS) console.log({ seed, tickets: tickets.length, offers: tokenAgent.size, answered: answered.size, outcomes: [...outcomes.values()].reduce<Record<string, number>>((m, o) => ({ ...m, [o[0]!]: (m[o[0]!] ?? 0) + 1 }), {}) });
  assert.ok(answered.size > 0 && [...outcomes.values()].some((o) => o[0] === 'queue.overflowed'), 'the run exercised answers and overflows');
}

for (const seed of [1, 2, 3, 4]) {
  test(`ACD property: 300 agents, 30 queues, 4000 random steps (seed ${seed})`, () => run(seed, 300, 30, 4000));
}
