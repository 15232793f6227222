// Ringing the bound phones, on the call harness: SIP in memory, timers on the fake clock, the
// embedded media engine for real. What the caller and the phones see, and the call record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCallHarness } from '../support/call-harness/call-harness.ts';
import type { CallHarness } from '../support/call-harness/call-harness.ts';

async function withHarness(route: Parameters<typeof startCallHarness>[0], body: (h: CallHarness) => Promise<void>): Promise<void> {
  const h = await startCallHarness(route);
  try {
    await body(h);
    assert.deepEqual(h.errors, []);
  } finally {
    await h.close();
  }
}

test('sequential: the ring timeout CANCELs the first phone and rings the next, which answers', async () => {
  await withHarness({ route: (h) => h.dialPlan({ targets: [h.phone('a').target, h.phone('b').target], ringTimeoutMs: 20_000 }) }, async (h) => {
    const a = h.phone('a');
    const b = h.phone('b');
    const call = h.placeCall();
    const toA = await a.request('INVITE');
    a.reply(toA, 180);
    await h.trunk.response('INVITE', 180);
    await h.settle();
    assert.equal(b.received.length, 0, 'b does not ring while a does');

    h.clock.advance(19_999);
    await h.settle();
    assert.equal(a.unread.length, 0, 'no CANCEL before the ring timeout');
    h.clock.advance(1);
    await a.acceptCancel(toA);
    await a.request('ACK'); // for the 487

    const toB = await b.request('INVITE');
    b.reply(toB, 200, { sdp: b.sdp() });
    await b.request('ACK');
    const dialog = await call.answered();

    h.trunk.sendInDialog(dialog, 'BYE');
    const bye = await b.request('BYE');
    b.reply(bye, 200);
    await h.trunk.response('BYE', 200);
    const end = await h.records.closedRecord();
    assert.equal(end.outcome, 'answered');
    assert.equal(end.endedBy, 'caller');
    assert.equal(end.answeringNumber, 'b');
    assert.deepEqual(
      end.attempts?.map((x) => [x.target, x.result]),
      [['a', 'no_answer'], ['b', 'answered']],
    );
    assert.equal(end.attempts?.[0]?.endedAt.getTime(), h.records.opened[0]!.startedAt.getTime() + 20_000, 'the first attempt ended at the ring timeout, on the fake clock');
  });
});

test('simultaneous: both phones ring, the first answer wins and the other is CANCELed', async () => {
  await withHarness({ route: (h) => h.dialPlan({ targets: [h.phone('a').target, h.phone('b').target], strategy: 'simultaneous' }) }, async (h) => {
    const a = h.phone('a');
    const b = h.phone('b');
    const call = h.placeCall();
    const [toA, toB] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    a.reply(toA, 180);
    b.reply(toB, 180);
    b.reply(toB, 200, { sdp: b.sdp() });
    await b.request('ACK');
    await a.acceptCancel(toA);
    await a.request('ACK');
    const dialog = await call.answered();
    const answer = h.records.answered.get(h.records.opened[0]!.id);
    assert.equal(answer?.answeringNumber, 'b');

    // The phone hangs up: the caller gets the BYE.
    b.sendInDialog(b.dialogAsCallee(toB), 'BYE');
    const bye = await h.trunk.request('BYE');
    assert.equal(bye.headers.callId(), dialog.callId);
    h.trunk.reply(bye, 200);
    await b.response('BYE', 200);
    const end = await h.records.closedRecord();
    assert.equal(end.outcome, 'answered');
    assert.equal(end.endedBy, 'callee');
    // Attempts are logged as they end: the answer first, then the CANCELed phone.
    assert.deepEqual(
      end.attempts?.map((x) => [x.target, x.result]),
      [['b', 'answered'], ['a', 'cancelled']],
    );
  });
});

test('busy: the busy forwarding stage rings its number, which answers', async () => {
  await withHarness(
    {
      route: (h) =>
        h.dialPlan({
          targets: [h.phone('a').target],
          forwarding: { onBusy: [h.phone('fwd').target], onNoAnswer: [], maxForwards: 3, ringTimeoutMs: 15_000 },
        }),
    },
    async (h) => {
      const a = h.phone('a');
      const fwd = h.phone('fwd');
      const call = h.placeCall();
      const toA = await a.request('INVITE');
      a.reply(toA, 486);
      await a.request('ACK');
      const toFwd = await fwd.request('INVITE');
      fwd.reply(toFwd, 200, { sdp: fwd.sdp() });
      await fwd.request('ACK');
      const dialog = await call.answered();
      h.trunk.sendInDialog(dialog, 'BYE');
      fwd.reply(await fwd.request('BYE'), 200);
      const end = await h.records.closedRecord();
      assert.equal(end.outcome, 'answered');
      assert.equal(end.answeringNumber, 'fwd');
      assert.deepEqual(
        end.attempts?.map((x) => [x.target, x.result, x.sipStatus]),
        [['a', 'busy', 486], ['fwd', 'answered', 200]],
      );
    },
  );
});

test('nobody answers: every phone times out and the caller gets 480, recorded as no answer', async () => {
  await withHarness({ route: (h) => h.dialPlan({ targets: [h.phone('a').target], ringTimeoutMs: 10_000 }) }, async (h) => {
    const a = h.phone('a');
    const call = h.placeCall();
    const toA = await a.request('INVITE');
    a.reply(toA, 180);
    await h.trunk.response('INVITE', 180);
    h.clock.advance(10_000);
    await a.acceptCancel(toA);
    const final = await call.final();
    assert.equal(final.status, 480);
    const end = await h.records.closedRecord();
    assert.equal(end.outcome, 'no_answer');
  });
});
