/**
 * HOTLINE_MEDIA_TIMEOUT: an answered call whose RTP stops (a phone lost power, the network cut,
 * the BYE never came) is ended by the platform, with a BYE to both sides, and its record says
 * so; a call whose audio flows is left alone. With SIPp on both sides of a trunk.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { trunkCall } from '../support/trunk-call.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ env: { HOTLINE_MEDIA_TIMEOUT: '2' } });
});
after(async () => {
  await h?.stop();
});

test('audio flowing both ways for longer than the timeout: the call goes on until the caller hangs up', async () => {
  const r = await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 4500 }, { kind: 'talk', talkMs: 4000, hangup: 'caller', playAudio: true });
  assert.equal(r.outcome, 'answered', h.logs());
  assert.equal(r.endedBy, 'caller');
  assert.equal(r.sipReason, 'OK');
});

test('no RTP after the answer: the platform sends BYE to both sides once the timeout passes and records why', async () => {
  // Neither SIPp side sends audio; each waits for the platform's BYE and answers it 200.
  const r = await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 10_000 }, { kind: 'talk', talkMs: 10_000, hangup: 'callee' });
  assert.equal(r.outcome, 'answered', h.logs());
  assert.equal(r.endedBy, 'platform');
  assert.equal(r.sipReason, 'RTP timeout');
  const talkMs = Date.parse(r.endedAt ?? '') - Date.parse(r.answeredAt ?? '');
  // At least a whole timeout after the answer; at most two and the engine's 1 s check (the event
  // is said again each period while the silence lasts, which began before the answer).
  assert.ok(talkMs >= 2000 && talkMs < 6000, `ended ${talkMs} ms after the answer (timeout 2 s)`);
  assert.equal(h.platform.b2bua.activeCalls, 0);
});
