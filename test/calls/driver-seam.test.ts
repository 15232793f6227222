// The driver seam on the call harness (SIP in memory, fake clock, the embedded media engine): a
// driver registered by name gets the call from a route decision's or a flow's handoff and drives
// it through the verbs — answer, collect, park, ring (unbridged), play to the rung leg, bridge,
// hang up one leg — and the caller, the phones and the call record see the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCallHarness } from '../support/call-harness/call-harness.ts';
import type { CallHarness, PeerDialog } from '../support/call-harness/call-harness.ts';
import { CallVerbError } from '../../src/calls/ports.ts';
import type { CallDriver, DrivenCall, RouteDecision } from '../../src/calls/ports.ts';

type Drive = (call: DrivenCall, params: Readonly<Record<string, unknown>>, signal: AbortSignal, h: CallHarness) => Promise<void>;

/** A harness whose 400 number hands every call to the driver 'test' (or runs the given flow first). */
async function withDriver(drive: Drive, body: (h: CallHarness, done: Promise<void>) => Promise<void>, opts: { viaFlow?: boolean; register?: boolean } = {}): Promise<void> {
  let finished!: () => void;
  let failed!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const box: { h?: CallHarness } = {};
  const driver: CallDriver = {
    drive: (call, params, signal) => drive(call, params, signal, box.h!).then(finished, (err: unknown) => {
      failed(err);
      throw err;
    }),
  };
  const route = (h: CallHarness): RouteDecision => {
    const plan = h.dialPlan({ targets: [] });
    return opts.viaFlow ? plan : { ...plan, handoff: { driver: 'test', params: { queue: 'q1' } } } as RouteDecision;
  };
  const h = await startCallHarness({
    route,
    b2bua: {
      drivers: { get: (name) => (name === 'test' && opts.register !== false ? driver : undefined) },
      ...(opts.viaFlow ? { flowFor: async () => ({ preDial: async () => ({ kind: 'driver' as const, driver: 'test', params: { queue: 'from-flow' } }) }) } : {}),
    },
  });
  box.h = h;
  try {
    await body(h, done);
  } finally {
    await h.close();
  }
}

/** Moves the fake clock in 20 ms steps until `p` settles (media plays run on it). */
async function runClockUntil<T>(h: CallHarness, p: Promise<T>): Promise<T> {
  let settled = false;
  void p.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 500 && !settled; i++) {
    h.clock.advance(20);
    await h.settle();
    await new Promise((r) => setImmediate(r));
  }
  return p;
}

function info(h: CallHarness, dialog: PeerDialog, digit: string): void {
  h.trunk.sendInDialog(dialog, 'INFO', { type: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160\r\n` });
}

test('a driver answers, collects digits, parks the caller, rings an agent, whispers to it unbridged, then bridges', async () => {
  const seen: string[] = [];
  let whisper!: Promise<unknown>;
  let whisperStarted!: () => void;
  const whisperReady = new Promise<void>((r) => (whisperStarted = r));
  await withDriver(
    async (call, params, _signal, h) => {
      seen.push(`params ${String(params.queue)}`);
      await call.answer('caller');
      const digits = await call.collect('caller', { maxDigits: 4, timeoutMs: 10_000, terminator: '#' });
      seen.push(`digits ${digits}`);
      await call.park('caller');
      const agent = await call.ring(h.phone('agent').target, { ringTimeoutMs: 20_000 });
      assert.equal(call.state, 'setup', 'a rung leg is not bridged');
      assert.deepEqual(call.legs().map((l) => l.direction), ['inbound', 'outbound']);
      whisper = call.play(agent, { kind: 'silence', ms: 200 });
      whisperStarted();
      seen.push(`whisper ${String(await whisper)}`);
      await call.bridge('caller', agent);
      seen.push(`bridged ${call.state}`);
    },
    async (h, done) => {
      const agent = h.phone('agent');
      const placed = h.placeCall();
      const dialog = await placed.answered(); // the driver's answer: 200 before anything rang
      for (const d of ['1', '2', '#']) {
        info(h, dialog, d);
        await h.trunk.response('INFO', 200);
      }
      const toAgent = await agent.request('INVITE');
      agent.reply(toAgent, 200, { sdp: agent.sdp() });
      await agent.request('ACK');
      await whisperReady;
      await runClockUntil(h, whisper);
      await done;
      assert.deepEqual(seen, ['params q1', 'digits 12', 'whisper finished', 'bridged answered']);
      const id = h.records.opened[0]!.id;
      assert.equal(h.records.answered.get(id)?.answeringNumber, 'agent');

      h.trunk.sendInDialog(dialog, 'BYE');
      agent.reply(await agent.request('BYE'), 200);
      const end = await h.records.closedRecord();
      assert.equal(end.outcome, 'answered');
      assert.equal(end.endedBy, 'caller');
      assert.equal(end.answeringNumber, 'agent');
      assert.deepEqual(end.attempts?.map((a) => [a.target, a.result]), [['agent', 'answered']]);
      assert.deepEqual(h.errors, []);
    },
  );
});

test('ring fails with the far end\'s status; a driver that lets the caller go unbridged ends the call with its outcome', async () => {
  let failure: unknown;
  await withDriver(
    async (call, _params, _signal, h) => {
      await call.answer('caller', { early: true });
      call.setUnbridgedOutcome({ outcome: 'busy', status: 486, reason: 'Busy Here' });
      try {
        await call.ring(h.phone('agent').target);
      } catch (err) {
        failure = err;
      }
    },
    async (h, done) => {
      const agent = h.phone('agent');
      const placed = h.placeCall();
      await h.trunk.response('INVITE', 183);
      const toAgent = await agent.request('INVITE');
      agent.reply(toAgent, 486);
      await agent.request('ACK');
      await done;
      assert.ok(failure instanceof CallVerbError && failure.code === 'refused' && failure.message.startsWith('486'), String(failure));
      const final = await placed.final();
      assert.equal(final.status, 486);
      const end = await h.records.closedRecord();
      assert.equal(end.outcome, 'busy');
      assert.equal(end.answeredAt, undefined);
      assert.deepEqual(end.attempts?.map((a) => [a.target, a.result, a.sipStatus]), [['agent', 'busy', 486]]);
    },
  );
});

test('the caller hangs up while parked: the driver\'s signal aborts and the record keeps its outcome; an unbridged agent leg is hung up alone', async () => {
  let aborted = false;
  await withDriver(
    async (call, _params, signal, h) => {
      await call.answer('caller');
      call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason: 'Abandoned In Queue' });
      const agent = await call.ring(h.phone('agent').target);
      await call.hangUpLeg(agent, { cause: 16 });
      assert.deepEqual(call.legs().map((l) => l.direction), ['inbound']);
      await call.park('caller');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      aborted = true;
    },
    async (h, done) => {
      const agent = h.phone('agent');
      const dialog = await h.placeCall().answered();
      const toAgent = await agent.request('INVITE');
      agent.reply(toAgent, 200, { sdp: agent.sdp() });
      await agent.request('ACK');
      const bye = await agent.request('BYE');
      assert.match(bye.headers.get('Reason') ?? '', /Q\.850;cause=16/);
      agent.reply(bye, 200);
      await h.settle();
      h.trunk.sendInDialog(dialog, 'BYE');
      await h.trunk.response('BYE', 200);
      await done;
      assert.ok(aborted);
      const end = await h.records.closedRecord();
      assert.equal(end.outcome, 'no_answer');
      assert.equal(end.sipReason, 'Abandoned In Queue');
      assert.equal(end.endedBy, 'caller');
    },
  );
});

test('a flow hands the call to a driver by name; a driver nobody registered gets the caller 480, recorded as failed', async () => {
  await withDriver(
    async (call, params) => {
      assert.equal(params.queue, 'from-flow');
      await call.hangUp({ cause: 17 });
    },
    async (h, done) => {
      const placed = h.placeCall();
      await done;
      assert.equal((await placed.final()).status, 486);
    },
    { viaFlow: true },
  );
  await withDriver(
    async () => undefined,
    async (h) => {
      const placed = h.placeCall();
      assert.equal((await placed.final()).status, 480);
      const end = await h.records.closedRecord();
      assert.equal(end.outcome, 'failed');
      assert.equal(h.errors.length, 1, 'the missing driver is logged');
    },
    { register: false },
  );
});
