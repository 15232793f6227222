/**
 * The ACD over real SIP (issue 13's interop list): SIPp callers through the trunk reach a queue,
 * three agents are baresip phones registered as their SIP users and answer at once. One platform
 * for the whole file; each case counts who answered how many calls (the call records' 工号), never
 * how long anything took:
 * - each strategy's distribution over many calls (round_robin, longest_idle, fewest_calls, ring_all,
 *   random, weighted_random, best_skill);
 * - wrap-up is the agent's across queues: after a call of queue A, a call of queue B waits for the
 *   end of the agent's 话后整理;
 * - sticky agent: a repeat caller goes to the agent who served them, not the next in the rotation;
 * - registration expiry: a phone whose registration lapses makes its agent not ready
 *   (registration_lost), calls go to others, and registering again does not make them ready by
 *   itself (docs/acd.md) — the agent says ready.
 * Registration expiry is reached by moving the platform's monotonic clock past the binding's expiry
 * (a real 60 s wait otherwise); the registrar's own sweep notices it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acdSipFixture } from './acd-sip-fixture.ts';
import type { AcdCallerPlan } from './acd-sipp-scenarios.ts';
import { until } from '../support/until.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import type { Clock } from '../../src/kernel/clock.ts';
import type { QueueSettings } from '../../src/acd/acd-model.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { listCallLegs } from '../../src/cdr/call-leg-store.ts';

const AGENTS = ['8301', '8302', '8303'] as const;
/** The caller stays on long enough for an agent to answer and hear the whisper, then hangs up. */
const BRIEF_CALL: AcdCallerPlan = { steps: [{ pause: 1200 }], end: 'bye' };

/** The platform's monotonic time, movable forward (registration expiry without a minute's wait). */
let skewMs = 0;
const skewedClock: Clock = { ...systemClock, now: () => systemClock.now() + skewMs };

interface SeenEvent {
  type: string;
  callId?: string;
  agentId?: string;
  userId?: string;
  state?: string;
  previous?: string;
  reason?: string;
  cause?: string;
  queueId?: string;
}

describe('the ACD with SIPp callers and baresip agents (strategies, wrap-up, sticky, registration)', () => {
  const acd = acdSipFixture(AGENTS, { clock: skewedClock });
  const events: SeenEvent[] = [];
  let phonesUp = false;

  /** Every agent a member of `queueId` (with per-agent extras), logged out, then `ready` in the given order. */
  /** The three phones registered (once) and the event trail recorded. */
  async function phones(): Promise<void> {
    if (phonesUp) return;
    acd.h.platform.events.subscribe('acd-interop', (e) => void events.push({ type: e.type, ...(e.data as object) }));
    for (const a of AGENTS) acd.agent(a, []);
    for (const a of AGENTS) await acd.softphone(a);
    phonesUp = true;
  }

  async function setUp(queueId: string, settings: Partial<QueueSettings>, readyOrder: readonly string[], extras: Record<string, { weight?: number; skills?: Record<string, number> }> = {}): Promise<void> {
    await phones();
    acd.logOutAll();
    acd.queue(queueId, { wrapUpMode: 'none', ringSeconds: 5, ...settings });
    for (const a of AGENTS) acd.agent(a, [{ queueId, weight: extras[a]?.weight ?? 1 }], undefined, extras[a]?.skills);
    for (const a of readyOrder) acd.ready(a);
    await acd.route(queueId);
  }

  /** `n` callers one after another; the 工号 who answered each. */
  async function callsServedBy(n: number, caller?: string): Promise<string[]> {
    const served: string[] = [];
    for (let i = 0; i < n; i++) served.push(answeredBy(await acd.call(BRIEF_CALL, caller)));
    // Nobody is left reserved or on a call before the next case.
    await until(() => AGENTS.every((a) => ['ready', 'logged_out', 'not_ready'].includes(acd.engine.agent(acd.tenantId, `u${a}`)?.status.state ?? '')), 'every agent free again');
    return served;
  }

  /** The last ACD happenings, one line each, for failure messages. */
  function trail(): string {
    return events
      .filter((e) => e.type.startsWith('agent.') || e.type.startsWith('queue.'))
      .slice(-40)
      .map((e) => [e.type, e.agentId, e.previous, e.state, e.reason, e.cause, e.callId?.slice(0, 8)].filter(Boolean).join(' '))
      .join('\n');
  }

  function answeredBy(r: CallRecord): string {
    assert.ok(r.agentId, `call ${r.id} was answered by an agent (outcome ${r.outcome}, ${r.sipReason})\n${trail()}\n${acd.h.logs().slice(-3000)}`);
    return r.agentId;
  }

  function counts(served: readonly string[]): Record<string, number> {
    const c: Record<string, number> = Object.fromEntries(AGENTS.map((a) => [a, 0]));
    for (const a of served) c[a] = (c[a] ?? 0) + 1;
    return c;
  }

  test('round_robin: the ring by 工号 continues call after call', async () => {
    await setUp('rr', { strategy: 'round_robin' }, AGENTS);
    const served = await callsServedBy(6);
    assert.deepEqual(served, ['8301', '8302', '8303', '8301', '8302', '8303'], trail());
  });

  test('longest_idle: the agent free the longest takes the next call', async () => {
    // Ready in the order 8303, 8301, 8302: that is the order of the first round, and each agent
    // who finishes goes to the back.
    await setUp('idle', { strategy: 'longest_idle' }, ['8303', '8301', '8302']);
    const served = await callsServedBy(6);
    assert.deepEqual(served, ['8303', '8301', '8302', '8303', '8301', '8302'], trail());
  });

  test('fewest_calls: an agent who logs in later takes calls until they caught up', async () => {
    await setUp('fewest', { strategy: 'fewest_calls' }, ['8301', '8302']);
    const first = await callsServedBy(4);
    assert.deepEqual(counts(first), { 8301: 2, 8302: 2, 8303: 0 });
    acd.ready('8303'); // 0 calls answered against 2 each: the next two are theirs
    const next = await callsServedBy(2);
    assert.deepEqual(next, ['8303', '8303']);
  });

  test('ring_all: every free phone rings, the first answer takes the call and the other answers are refused cleanly', async () => {
    await setUp('all', { strategy: 'ring_all' }, AGENTS);
    const from = events.length;
    assert.equal((await callsServedBy(3)).length, 3);
    const mine = events.slice(from);
    const answeredCalls = mine.filter((e) => e.type === 'queue.answered').map((e) => e.callId);
    assert.equal(answeredCalls.length, 3, 'one answer counted per call');
    for (const callId of answeredCalls) {
      const rang = mine.filter((e) => e.type === 'queue.offered' && e.callId === callId).map((e) => e.agentId);
      assert.deepEqual(rang.sort(), [...AGENTS], `call ${callId}: all three phones rang`);
      // Each offer is a leg of the call record naming its queue and agent.
      const legs = await listCallLegs(acd.h.platform.database.db, acd.tenantId, callId!);
      assert.deepEqual(legs.map((l) => [l.target, l.queueId, l.agentId]).sort(), AGENTS.map((a) => [a, 'all', a]), JSON.stringify(legs));
    }
    // Every phone answered every call (baresip answers at once): two of three answers per call came
    // after another had won and were hung up; nobody counts a missed offer for them.
    for (const a of AGENTS) assert.equal(acd.engine.agent(acd.tenantId, `u${a}`)?.status.state, 'ready', `${a} is ready`);
  });

  test('random: calls spread over the agents', async () => {
    await setUp('rand', { strategy: 'random' }, AGENTS);
    const served = await callsServedBy(9);
    const c = counts(served);
    // Nine calls to one agent of three by chance: 3 × (1/3)^9 ≈ 1.5e-4.
    assert.ok(Object.values(c).filter((n) => n > 0).length >= 2, `spread: ${JSON.stringify(c)}`);
    assert.equal(served.length, 9);
  });

  test('weighted_random: a member of weight 0 is never picked while others are free', async () => {
    await setUp('weighted', { strategy: 'weighted_random' }, AGENTS, { 8301: { weight: 3 }, 8302: { weight: 1 }, 8303: { weight: 0 } });
    const served = await callsServedBy(6);
    assert.equal(counts(served)['8303'], 0, `${JSON.stringify(served)}\n${trail()}`);
  });

  test('best_skill: the most proficient free agent takes the call; while they talk, the next best', async () => {
    const skills = { 8301: { skills: { english: 2 } }, 8302: { skills: { english: 5 } }, 8303: { skills: { english: 3 } } };
    await setUp('skill', { strategy: 'best_skill', skillId: 'english' }, AGENTS, skills);
    assert.deepEqual(await callsServedBy(3), ['8302', '8302', '8302']);
    // A long call keeps 8302 busy: the next caller goes to 8303 (3), not 8301 (2).
    const long = await acd.dial({ steps: [{ pause: 6000 }], end: 'bye' }, '13912340077');
    await until(() => acd.engine.agent(acd.tenantId, 'u8302')?.status.state === 'talking', '8302 on the long call');
    const during = await callsServedBy(1);
    assert.deepEqual(during, ['8303']);
    await long.done;
  });

  test('wrap-up is the agent’s across queues: a call of queue B waits for the end of 话后整理 after a call of queue A', async () => {
    await phones();
    acd.logOutAll();
    acd.queue('wrapA', { wrapUpMode: 'timed', wrapUpSeconds: 3, ringSeconds: 5 });
    acd.queue('wrapB', { wrapUpMode: 'none', ringSeconds: 5 });
    acd.agent('8301', ['wrapA', 'wrapB']);
    for (const a of ['8302', '8303']) acd.agent(a, []);
    acd.ready('8301');
    await acd.route('wrapA');
    assert.equal(answeredBy(await acd.call(BRIEF_CALL)), '8301');
    await until(() => acd.engine.agent(acd.tenantId, 'u8301')?.status.state === 'wrap_up', '8301 in wrap-up');
    const from = events.length;
    await acd.route('wrapB');
    const r = await acd.call({ steps: [{ pause: 5500 }], end: 'bye' });
    const mine = events.slice(from);
    assert.ok(r.agentId, `queue B's call answered: ${JSON.stringify(mine)}\n${acd.h.logs().slice(-3000)}`);
    assert.equal(answeredBy(r), '8301');
    const wrapEnd = mine.findIndex((e) => e.type === 'agent.state_changed' && e.agentId === '8301' && e.previous === 'wrap_up' && e.state === 'ready');
    const offer = mine.findIndex((e) => e.type === 'queue.offered' && e.callId === r.id);
    assert.ok(wrapEnd >= 0 && offer > wrapEnd, `queue B's call offered only after wrap-up ended: ${JSON.stringify(mine.map((e) => [e.type, e.state ?? e.agentId, e.cause]))}`);
    assert.equal(mine[wrapEnd]?.cause, 'wrap_up_timer', 'queue A’s timed wrap-up ran its course');
    assert.equal(mine.filter((e) => e.type === 'queue.offered' && e.callId === r.id).length, 1, 'offered once, after wrap-up');
  });

  test('sticky agent: a repeat caller goes to the agent who served them, ahead of the rotation', async () => {
    const repeat = '13912340555';
    await setUp('sticky', { strategy: 'round_robin', stickyWindowSeconds: 300, stickyWaitSeconds: 5 }, AGENTS);
    assert.equal(answeredBy(await acd.call(BRIEF_CALL, repeat)), '8301');
    assert.equal(answeredBy(await acd.call(BRIEF_CALL, '13912340001')), '8302');
    // The rotation says 8303; the repeat caller's agent was 8301.
    assert.equal(answeredBy(await acd.call(BRIEF_CALL, repeat)), '8301');
    // Anyone else follows the rotation on.
    assert.equal(answeredBy(await acd.call(BRIEF_CALL, '13912340002')), '8302');
  });

  test('registration expiry: the agent becomes not ready, calls go to others, and registering again needs the agent to say ready', async () => {
    await setUp('reg', { strategy: 'round_robin' }, AGENTS);
    // Every binding lapses at once (the clock moves past the longest expiry); the phones of 8302
    // and 8303 register again, 8301's does not yet.
    skewMs += 3_700_000;
    acd.h.platform.registrar.purgeExpired();
    await until(() => AGENTS.every((a) => acd.engine.agent(acd.tenantId, `u${a}`)?.status.state === 'not_ready'), 'all three not ready');
    const lost = acd.engine.agent(acd.tenantId, 'u8301')?.status;
    assert.deepEqual(lost, { state: 'not_ready', reason: 'registration_lost' });
    await acd.softphone('8302');
    await acd.softphone('8303');
    // Registered again, still not ready until they say so (docs/acd.md).
    assert.equal(acd.engine.agent(acd.tenantId, 'u8302')?.status.state, 'not_ready');
    assert.throws(() => acd.engine.setReady(acd.tenantId, 'u8301', 'agent'), /not registered/);
    acd.ready('8302');
    acd.ready('8303');
    assert.deepEqual(counts(await callsServedBy(3)), { 8301: 0, 8302: 2, 8303: 1 });
    await acd.softphone('8301');
    assert.deepEqual(acd.engine.agent(acd.tenantId, 'u8301')?.status, { state: 'not_ready', reason: 'registration_lost' });
    for (const a of ['u8302', 'u8303']) acd.engine.setNotReady(acd.tenantId, a, 'break', 'agent');
    acd.ready('8301');
    assert.equal(answeredBy(await acd.call(BRIEF_CALL)), '8301');
  });
});
