/**
 * The queue driver over a DrivenCall in memory and the real ACD engine on a fake clock: what the
 * caller and the agents hear, who is rung in which order, overflow, survey, callback, and what the
 * call record is told. The same paths run over SIP in test/calls/queue-sipp.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueCallDriver, queueIdOf } from '../../src/acd/queue-call/queue-call-driver.ts';
import type { QueueCallDeps } from '../../src/acd/queue-call/queue-call-ports.ts';
import type { DialTarget, OriginateRequest } from '../../src/calls/ports.ts';
import type { PlaySource } from '../../src/media/media-engine.ts';
import { DEFAULT_HOLD_MUSIC } from '../../src/calls/hold-music.ts';
import { TENANT, makeAcd } from './acd-fixture.ts';
import { FakeDrivenCall } from './fake-driven-call.ts';
import type { FakeClock } from '../../src/kernel/fake-clock.ts';
import type { PhoneScript } from './fake-driven-call.ts';

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function setup(phones: Record<string, PhoneScript>, opts: { originate?: QueueCallDeps['originate']; voicemail?: boolean } = {}) {
  const acd = makeAcd();
  const facts: { kind: string; [k: string]: unknown }[] = [];
  const deps: QueueCallDeps = {
    engine: acd.engine,
    clock: acd.clock,
    agentTarget: async (_t, phone): Promise<DialTarget> =>
      phone.kind === 'mobile' ? { kind: 'pstn', number: phone.number, trunkId: 'tr', proxy: { transport: 'udp', host: '127.0.0.1', port: 5060 }, proxyHost: '127.0.0.1' } : { kind: 'sip', username: phone.username, contacts: [] },
    outsideTarget: async (_t, number) => ({ kind: 'pstn', number, trunkId: 'tr', proxy: { transport: 'udp', host: '127.0.0.1', port: 5060 }, proxyHost: '127.0.0.1' }),
    callerRegion: async () => '江苏省',
    queueId: (t, ref) => queueIdOf(acd.engine.queueFigures(t), ref),
    music: async () => DEFAULT_HOLD_MUSIC,
    records: {
      entered: async (_t, callId, queueId) => void facts.push({ kind: 'entered', callId, queueId }),
      answered: async (_t, callId, f) => void facts.push({ kind: 'answered', callId, ...f }),
      abandoned: async (_t, callId, f) => void facts.push({ kind: 'abandoned', callId, ...f }),
      survey: async (_t, callId, score) => void facts.push({ kind: 'survey', callId, score }),
    },
    ...(opts.originate ? { originate: opts.originate } : {}),
    language: 'zh-CN',
    onError: (err) => {
      throw err;
    },
  };
  const driver = new QueueCallDriver(deps);
  const call = new FakeDrivenCall(acd.clock, TENANT, '+8613912345678', new Map(Object.entries(phones)));
  call.numberHasVoicemail = opts.voicemail === true;
  const drive = (queue: string) => driver.drive(call, { queue });
  const advance = async (ms: number, step = 250) => {
    for (let t = 0; t < ms; t += step) {
      acd.clock.advance(Math.min(step, ms - t));
      await settle();
    }
  };
  return { acd, call, drive, facts, advance };
}

const files = (s: PlaySource): string[] => (s.kind === 'file' ? [s.path] : s.kind === 'sequence' ? s.items.flatMap(files) : []);
const heard = (call: FakeDrivenCall, leg: string) => call.played.filter((p) => p.leg === leg).flatMap((p) => files(p.source).map((f) => f.replace(/.*\//, '')));

test('the caller waits with music and hears their position; the agent hears the whisper, the caller the 工号, then they are bridged; wrap-up after', async () => {
  const s = setup({ a1: { answerAfterMs: 3000 } });
  s.acd.queue('sales', { name: '销售', ringSeconds: 10, wrapUpMode: 'timed', wrapUpSeconds: 10, announceAgentId: true, announceEverySeconds: 20, overflowWhenNoAgents: false });
  s.acd.agent({ userId: 'a1', agentId: '8001', queues: ['sales'], phone: { kind: 'sip', username: 'a1' } });
  // Nobody ready yet: the caller waits and hears its position.
  const running = s.drive('销售');
  await s.advance(1500);
  assert.equal(s.call.answered, true, 'the caller is answered (charged waiting with music, as in any call center)');
  assert.ok(heard(s.call, 'caller').includes('you-are-next.wav'), `position announced: ${heard(s.call, 'caller').join(' ')}`);
  assert.ok(s.call.played.some((p) => p.leg === 'caller' && p.loop && files(p.source)[0]?.endsWith('music-on-hold.wav')), 'music on hold loops');
  s.acd.engine.logIn(TENANT, 'a1', 'agent');
  await s.advance(4000);
  const leg = s.call.legOfTarget('a1');
  assert.ok(leg, 'a1 answered');
  await s.advance(2000);
  assert.ok(heard(s.call, leg).includes('whisper-queue.wav'), 'the agent hears the whisper');
  const callerHeard = heard(s.call, 'caller');
  assert.ok(callerHeard.includes('agent-after.wav') && callerHeard.includes('number-8.wav') && callerHeard.includes('number-yao.wav'), `the caller hears 八零零幺号话务员为您服务: ${callerHeard.join(' ')}`);
  assert.deepEqual(s.call.bridged, [['caller', leg]]);
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'talking');
  const answered = s.facts.find((f) => f.kind === 'answered');
  assert.equal(answered?.agentId, '8001');
  assert.ok(Number(answered?.waitMs) >= 4000);
  s.call.agentHangsUp('a1');
  await s.advance(500);
  await running;
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'wrap_up');
  await s.advance(10_000);
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'ready');
});

test('C11: an agent who does not answer in the ring time is skipped for the next', async () => {
  const s = setup({ a1: 'never', a2: { answerAfterMs: 1000 } });
  s.acd.queue('sales', { strategy: 'top_down', ringSeconds: 5, announceAgentId: false });
  s.acd.agent({ userId: 'a1', queues: [{ queueId: 'sales', level: 1 }] });
  s.acd.agent({ userId: 'a2', queues: [{ queueId: 'sales', level: 2 }] });
  s.acd.ready('a1', 'a2');
  void s.drive('sales');
  await s.advance(8000);
  assert.deepEqual(s.call.rung.map((r) => [r.target, r.result]), [['a1', 'no_answer'], ['a2', 'answered']]);
  assert.equal(s.call.bridged.length, 1);
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.missedOffers, 1);
  s.call.callerHangsUp();
  await s.advance(500);
});

test('C10: at the queue timeout the call overflows to another queue, keeping its wait, then to voicemail (C4)', async () => {
  const s = setup({ b1: { answerAfterMs: 1000 } }, { voicemail: true });
  s.acd.queue('sales', { maxWaitSeconds: 10, overflow: { kind: 'queue', queueId: 'support' }, overflowWhenNoAgents: false });
  s.acd.queue('support', { maxWaitSeconds: 15, overflow: { kind: 'voicemail' }, overflowWhenNoAgents: false });
  s.acd.agent({ userId: 'b1', queues: ['support'] });
  const done = s.drive('sales');
  await s.advance(12_000);
  assert.deepEqual(s.facts.filter((f) => f.kind === 'entered').map((f) => f.queueId), ['sales', 'support']);
  // Nobody ready in support either: at its own timeout (counted from the first entry) → voicemail.
  await s.advance(6000);
  await done;
  assert.equal(s.call.messagesTaken, 1, "the number's voicemail took the caller");
  assert.equal(s.call.outcome?.outcome, 'no_answer');
  assert.equal(s.call.rung.length, 0);
});

test('the caller hangs up while waiting: abandoned in queue, with the time waited', async () => {
  const s = setup({});
  s.acd.queue('sales', { overflowWhenNoAgents: false });
  const done = s.drive('sales');
  await s.advance(7000);
  s.call.callerHangsUp();
  await done;
  const a = s.facts.find((f) => f.kind === 'abandoned');
  assert.ok(a && Number(a.waitMs) >= 7000);
  assert.equal(s.acd.engine.queueFigures(TENANT, 'sales')[0]?.waiting, 0);
});

test('C5: after the agent hangs up the caller keys a score, which goes on the record', async () => {
  const s = setup({ a1: { answerAfterMs: 500 } });
  s.acd.queue('sales', { surveyEnabled: true, announceAgentId: false });
  s.acd.agent({ userId: 'a1', queues: ['sales'] });
  s.acd.ready('a1');
  const done = s.drive('sales');
  await s.advance(3000);
  s.call.press('caller', '4');
  s.call.agentHangsUp('a1');
  await s.advance(3000);
  await done;
  assert.deepEqual(s.facts.filter((f) => f.kind === 'survey').map((f) => f.score), [4]);
  assert.ok(heard(s.call, 'caller').includes('survey.wav') && heard(s.call, 'caller').includes('survey-thanks.wav'));
  assert.equal(s.call.hungUp, true);
});

test('C15: a mobile agent must key 1; a carrier voicemail that answers and keys nothing is the next agent’s turn', async () => {
  const s = setup({ '+8613800000001': { answerAfterMs: 500 }, '+8613800000002': { answerAfterMs: 500 } });
  s.acd.queue('sales', { strategy: 'top_down', announceAgentId: false });
  s.acd.agent({ userId: 'm1', queues: [{ queueId: 'sales', level: 1 }], phone: { kind: 'mobile', number: '+8613800000001' } });
  s.acd.agent({ userId: 'm2', queues: [{ queueId: 'sales', level: 2 }], phone: { kind: 'mobile', number: '+8613800000002' } });
  s.acd.ready('m1', 'm2');
  void s.drive('sales');
  await s.advance(1000);
  const first = s.call.legOfTarget('+8613800000001');
  assert.ok(first);
  // m1's "phone" is a voicemail box: it keys nothing through both confirmation tries.
  await s.advance(12_000);
  assert.ok(s.call.hungUpLegs.includes(first), 'the unconfirmed mobile is hung up');
  const second = s.call.legOfTarget('+8613800000002');
  assert.ok(second, 'the next agent is rung');
  assert.ok(heard(s.call, second).includes('answer-confirm.wav'));
  s.call.press(second, '1');
  await s.advance(3000);
  assert.deepEqual(s.call.bridged, [['caller', second]]);
  assert.equal(s.acd.engine.agent(TENANT, 'm2')?.status.state, 'talking');
  s.call.callerHangsUp();
  await s.advance(500);
});

/** C10: outbound-only calls as the platform places them, on fake calls whose phones are scripted. */
function fakeOriginate(clock: () => FakeClock, phones: Record<string, PhoneScript>) {
  const placed: { req: OriginateRequest; call: FakeDrivenCall }[] = [];
  const originate: NonNullable<QueueCallDeps['originate']> = async (req, drive) => {
    const call = new FakeDrivenCall(clock(), req.tenantId, req.customerNumber, new Map(Object.entries(phones)));
    placed.push({ req, call });
    void drive(call);
    return { callId: call.id };
  };
  return { placed, originate };
}

test('C10: the callback key keeps the caller’s place; the agent offered the turn is called, then the caller shown the 400 number, and bridged', async () => {
  const box: { s?: ReturnType<typeof setup> } = {};
  const o = fakeOriginate(() => box.s!.acd.clock, { a1: { answerAfterMs: 1000 }, '+8613912345678': { answerAfterMs: 2000 } });
  const s = (box.s = setup({}, { originate: o.originate }));
  s.acd.queue('sales', { callbackKey: '9', overflowWhenNoAgents: false, wrapUpMode: 'manual' });
  s.acd.agent({ userId: 'a1', queues: ['sales'] });
  const done = s.drive('sales');
  await s.advance(1500);
  assert.ok(heard(s.call, 'caller').includes('callback-offer.wav'), 'the callback is offered');
  s.call.press('caller', '9');
  await s.advance(3000);
  await done;
  assert.ok(heard(s.call, 'caller').includes('callback-booked.wav'));
  assert.equal(s.call.outcome?.reason, 'Callback Requested');
  assert.equal(s.acd.engine.queueFigures(TENANT, 'sales')[0]?.waiting, 1, 'the ticket keeps its place after the caller hung up');
  await s.advance(400_000);
  assert.equal(s.acd.engine.queueFigures(TENANT, 'sales')[0]?.waiting, 1, 'a callback never times out');
  s.acd.engine.logIn(TENANT, 'a1', 'agent');
  await s.advance(8000);
  assert.equal(o.placed.length, 1);
  const back = o.placed[0]!;
  assert.equal(back.req.number400, '4006123456');
  assert.deepEqual(back.call.rung.map((r) => [r.target, r.result]), [['a1', 'answered'], ['+8613912345678', 'answered']]);
  assert.equal(back.call.bridged.length, 1);
  assert.ok(heard(back.call, back.call.rung[1]!.legId).includes('callback-hello.wav'), 'the caller hears it is their callback');
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'talking');
  assert.ok(s.facts.some((f) => f.kind === 'answered' && f.callId === back.call.id && f.agentId === 'a1'), 'the callback call records the queue and the agent');
  back.call.callerHangsUp();
  await s.advance(500);
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'wrap_up');
});

test('C10: a queue whose overflow is "callback" books one at the timeout; it keeps the first entry’s place', async () => {
  const box: { s?: ReturnType<typeof setup> } = {};
  const o = fakeOriginate(() => box.s!.acd.clock, { a1: { answerAfterMs: 500 }, '+8613912345678': { answerAfterMs: 500 } });
  const s = (box.s = setup({}, { originate: o.originate }));
  s.acd.queue('sales', { maxWaitSeconds: 10, overflow: { kind: 'callback' }, overflowWhenNoAgents: false });
  s.acd.agent({ userId: 'a1', queues: ['sales'] });
  const done = s.drive('sales');
  await s.advance(14_000);
  await done;
  assert.equal(s.call.outcome?.reason, 'Callback Requested');
  assert.ok(heard(s.call, 'caller').includes('callback-booked.wav'));
  // A later caller joins; the callback still goes first.
  const later = s.acd.engine.enqueue({ tenantId: TENANT, queueId: 'sales', callId: 'later', callerNumber: '+8613900000001' });
  assert.equal(later.position(), 2, 'the later caller is behind the callback');
  s.acd.engine.logIn(TENANT, 'a1', 'agent');
  await s.advance(3000);
  assert.equal(o.placed.length, 1, 'the agent is offered the callback first');
  assert.equal(s.acd.engine.agent(TENANT, 'a1')?.status.state, 'talking');
  s.acd.engine.leave(later.id, 'abandoned');
});

test('an unknown queue ends the call as unavailable', async () => {
  const s = setup({});
  await s.drive('nope');
  assert.equal(s.call.outcome?.reason, 'Queue Unavailable');
});
