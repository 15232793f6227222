/**
 * The wallboard's figures from the bus (C17): a scripted day of one queue — arrivals, answers in
 * and out of the target, an abandon, an overflow, an agent's talk and wrap-up — gives the counters,
 * averages, the agent's calls today and the staffing hint, published as wallboard.* events only
 * when they change; thresholds raise and clear wallboard.alert; a new day starts the counters again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueueFigures } from '../../src/acd/acd-engine.ts';
import type { AcdEvent } from '../../src/acd/acd-events.ts';
import { EventBus } from '../../src/events/event-bus.ts';
import type { EventEnvelope } from '../../src/events/event-envelope.ts';
import { staffingFor } from '../../src/quality/erlang-c.ts';
import type { QueueDayFigures, WallboardAlert } from '../../src/wallboard/wallboard-events.ts';
import { WallboardFigures } from '../../src/wallboard/wallboard-figures.ts';
import { DEFAULT_WALLBOARD_SETTINGS } from '../../src/wallboard/wallboard-settings.ts';

const T = 'tenant-1';
const Q = 'queue-1';

function setup(start = Date.parse('2026-12-07T02:00:00Z')) {
  let now = start;
  const bus = new EventBus({ now: () => now });
  const seen: EventEnvelope[] = [];
  bus.subscribe('test', (e) => seen.push(e));
  const agents = { logged_out: 0, ready: 2, not_ready: 1, reserved: 0, ringing: 0, talking: 1, held: 0, wrap_up: 0 };
  const queue: QueueFigures = { queueId: Q, name: '客服', waiting: 0, longestWaitSeconds: 0, agents };
  let waiting: { enteredAt: string }[] = [];
  const figures = new WallboardFigures({
    bus,
    queues: () => [queue],
    waiting: () => [{ queueId: Q, waiting }],
    tenant: () => Promise.resolve({ settings: { ...DEFAULT_WALLBOARD_SETTINGS, longestWaitAlertSeconds: 30, serviceLevelAlertPercent: 80 }, timeZone: 'Asia/Shanghai' }),
    now: () => now,
    flushMs: 60_000,
    tickMs: 60_000,
  });
  const publish = async (e: AcdEvent) => {
    bus.publish(e);
    await bus.settled();
  };
  const flush = async () => {
    (figures as unknown as { flush(): void }).flush();
    await bus.settled();
  };
  const tick = async () => {
    (figures as unknown as { tick(): void }).tick();
    await bus.settled();
  };
  const last = <K extends string>(type: K) => seen.filter((e) => e.type === type).at(-1);
  return {
    bus, figures, seen, agents, publish, flush, tick, last,
    advance: (ms: number) => (now += ms),
    at: () => new Date(now).toISOString(),
    setWaiting: (w: { enteredAt: string }[]) => (waiting = w),
  };
}

const scoped = (ticket: string) => ({ tenantId: T, queueId: Q, ticketId: ticket, callId: `call-${ticket}` });

test('a scripted day: counters, averages, the agent’s calls today and the staffing hint', async () => {
  const s = setup();
  await s.figures.preload([T]);
  for (const t of ['a', 'b', 'c', 'd']) await s.publish({ type: 'queue.entered', ...scoped(t), callerNumber: '+8613900000000', priority: 1, position: 1 });
  await s.publish({ type: 'queue.answered', ...scoped('a'), userId: 'u1', agentId: '801', token: 'k1', waitedSeconds: 5 });
  const startTalk = s.at();
  await s.publish({ type: 'agent.state_changed', tenantId: T, userId: 'u1', agentId: '801', previous: 'ringing', state: 'talking', cause: 'offer_answered', callId: 'call-a', queueId: Q, at: startTalk });
  s.advance(120_000);
  await s.publish({ type: 'agent.state_changed', tenantId: T, userId: 'u1', agentId: '801', previous: 'talking', state: 'wrap_up', cause: 'call_ended', at: s.at() });
  s.advance(15_000);
  await s.publish({ type: 'agent.state_changed', tenantId: T, userId: 'u1', agentId: '801', previous: 'wrap_up', state: 'ready', cause: 'wrap_up_timer', at: s.at() });
  await s.publish({ type: 'queue.answered', ...scoped('b'), userId: 'u2', agentId: '802', token: 'k2', waitedSeconds: 45 });
  await s.publish({ type: 'queue.abandoned', ...scoped('c'), waitedSeconds: 12 });
  await s.publish({ type: 'queue.overflowed', ...scoped('d'), reason: 'timeout', waitedSeconds: 300 });
  await s.flush();

  const f = (s.last('wallboard.queue')!.data as { figures: QueueDayFigures }).figures;
  assert.equal(f.day, '2026-12-07');
  assert.deepEqual([f.offered, f.answered, f.answeredInTarget, f.abandoned, f.overflowed], [4, 2, 1, 1, 1]);
  assert.equal(f.serviceLevel, 0.25);
  assert.equal(f.averageWaitSeconds, 25);
  assert.equal(f.averageTalkSeconds, 120);
  assert.deepEqual([f.agentsReady, f.agentsLoggedIn], [2, 4]);
  // 4 arrivals in the 135 s watched (stretched to no window shorter than 60 s), 135 s handle time.
  const expected = staffingFor({ calls: 4, intervalSeconds: 135, handleSeconds: 135 }, { serviceLevel: 0.8, targetSeconds: 20 });
  assert.equal(f.staffing?.arrivals, 4);
  assert.equal(f.staffing?.handleSeconds, 135);
  assert.equal(f.staffing?.agentsNeeded, expected.agents);

  const agent = s.seen.filter((e) => e.type === 'wallboard.agent').map((e) => e.data).find((d) => (d as { userId: string }).userId === 'u1');
  assert.deepEqual(agent && { calls: (agent as { callsToday: number }).callsToday, talk: (agent as { talkSecondsToday: number }).talkSecondsToday }, { calls: 1, talk: 120 });

  // Service level 25 % < 80 %: an alert, raised once.
  const alerts = s.seen.filter((e) => e.type === 'wallboard.alert').map((e) => e.data as WallboardAlert);
  assert.deepEqual(alerts.map((a) => [a.kind, a.raised, a.value, a.threshold]), [['service_level', true, 25, 80]]);

  // Nothing changed: a flush publishes nothing.
  const before = s.seen.length;
  await s.flush();
  assert.equal(s.seen.length, before);

  // The view the page starts from says the same.
  const view = s.figures.view(T);
  assert.deepEqual(view.queues[0], f);
  assert.deepEqual(view.alerts.map((a) => a.kind), ['service_level']);
});

test('the longest wait over the threshold raises an alert, and clears it when the caller is served', async () => {
  const s = setup();
  await s.figures.preload([T]);
  s.setWaiting([{ enteredAt: s.at() }]);
  s.advance(30_000);
  await s.tick();
  assert.equal(s.seen.filter((e) => e.type === 'wallboard.alert').length, 0, '30 s is not over 30 s');
  s.advance(1_000);
  await s.tick();
  s.advance(5_000);
  await s.tick();
  s.setWaiting([]);
  await s.tick();
  const alerts = s.seen.filter((e) => e.type === 'wallboard.alert').map((e) => e.data as WallboardAlert);
  assert.deepEqual(alerts.map((a) => [a.kind, a.raised, a.value]), [['longest_wait', true, 31], ['longest_wait', false, 0]]);
});

test('midnight in the tenant’s zone starts the counters again; the 30-minute window spans it', async () => {
  // 15:59:30 UTC is 23:59:30 in Shanghai.
  const s = setup(Date.parse('2026-12-07T15:59:30Z'));
  await s.figures.preload([T]);
  await s.publish({ type: 'queue.entered', ...scoped('a'), callerNumber: '+8613900000000', priority: 1, position: 1 });
  await s.publish({ type: 'queue.abandoned', ...scoped('a'), waitedSeconds: 3 });
  await s.flush();
  assert.equal((s.last('wallboard.queue')!.data as { figures: QueueDayFigures }).figures.abandoned, 1);
  s.advance(60_000);
  await s.tick();
  await s.flush();
  const f = (s.last('wallboard.queue')!.data as { figures: QueueDayFigures }).figures;
  assert.equal(f.day, '2026-12-08');
  assert.equal(f.abandoned, 0);
  assert.equal(f.offered, 0);
  assert.equal(f.staffing, null, 'the arrival before midnight is still in the window, with no handle time yet');
});

test('settings changed through the API apply to the next figures', async () => {
  const s = setup();
  await s.figures.preload([T]);
  await s.publish({ type: 'queue.answered', ...scoped('a'), userId: 'u1', agentId: '801', token: 'k1', waitedSeconds: 25 });
  s.figures.useSettings(T, { ...DEFAULT_WALLBOARD_SETTINGS, targetSeconds: 30, serviceLevelAlertPercent: null });
  await s.publish({ type: 'queue.answered', ...scoped('b'), userId: 'u1', agentId: '801', token: 'k2', waitedSeconds: 25 });
  await s.flush();
  const f = (s.last('wallboard.queue')!.data as { figures: QueueDayFigures }).figures;
  assert.equal(f.answeredInTarget, 1, 'the first at 20 s, the second at 30 s');
  assert.equal(s.seen.filter((e) => e.type === 'wallboard.alert').length, 0, 'the alert is off');
  s.figures.stop();
});
