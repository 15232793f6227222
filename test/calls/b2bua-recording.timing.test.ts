/**
 * Issue 3: a recorded call's WAV is as long as the talk time within 1 %. Timing-sensitive (the
 * recorder opens and closes while the call is answered and ends), so it runs alone
 * (scripts/test.mjs runs `*.timing` files after the rest, one at a time).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { channelRms, soxInfo, trunkCall } from '../support/trunk-call.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

test("the recording's length is the talk time within 1 %, both channels audible", async () => {
  const r = await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 8500 }, { kind: 'talk', talkMs: 8000, hangup: 'caller', playAudio: true });
  assert.equal(r.outcome, 'answered');
  assert.ok(r.recordingPath, 'recorded');
  const info = soxInfo(r.recordingPath);
  const talkMs = Date.parse(r.endedAt ?? '') - Date.parse(r.answeredAt ?? '');
  assert.equal(info.channels, 2);
  assert.ok(Math.abs(info.seconds * 1000 - talkMs) <= 0.01 * talkMs, `recording ${info.seconds}s vs talk ${talkMs}ms`);
  assert.ok(channelRms(r.recordingPath, 1) > 0.005 && channelRms(r.recordingPath, 2) > 0.005, 'both sides audible');
});
