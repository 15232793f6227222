/**
 * The worker path end to end: a platform with HOTLINE_MEDIA_WORKERS=2 takes a SIPp call through a
 * trunk to a SIPp phone; both legs land in one worker (call control passes the call id as the
 * group), RTP flows both ways and the stereo recording has both sides.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WorkerMediaEngine } from '../../../src/media/worker/worker-media-engine.ts';
import { startHarness } from '../../support/platform-harness.ts';
import type { Harness } from '../../support/platform-harness.ts';
import { channelRms, soxInfo, trunkCall } from '../../support/trunk-call.ts';
import { until } from '../../support/until.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ env: { HOTLINE_MEDIA_WORKERS: '2' } });
});
after(async () => {
  await h?.stop();
});

test('a recorded SIPp call through a platform with two media workers', async () => {
  const media = h.platform.media;
  assert.ok(media instanceof WorkerMediaEngine, 'HOTLINE_MEDIA_WORKERS=2 starts the worker engine');
  assert.equal(media.workerCount, 2);
  const r = await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 3500 }, { kind: 'talk', talkMs: 3000, hangup: 'caller', playAudio: true });
  assert.equal(r.outcome, 'answered', h.logs());
  const m = r.mediaStats as { caller: { packetsIn: number; packetsOut: number }; callee: { packetsIn: number; packetsOut: number } };
  assert.ok(m.caller.packetsIn > 20 && m.callee.packetsOut > 20, `caller→phone ${m.caller.packetsIn}/${m.callee.packetsOut}`);
  assert.ok(m.callee.packetsIn > 20 && m.caller.packetsOut > 20, `phone→caller ${m.callee.packetsIn}/${m.caller.packetsOut}`);
  assert.ok(r.recordingPath && existsSync(r.recordingPath), `recording at ${r.recordingPath}`);
  assert.equal(soxInfo(r.recordingPath).channels, 2);
  assert.ok(channelRms(r.recordingPath, 1) > 0.005, 'caller side (left) is audible');
  assert.ok(channelRms(r.recordingPath, 2) > 0.005, 'answering side (right) is audible');
  assert.deepEqual(media.load, [0, 0], 'both endpoints destroyed after the call');
});

test('a media worker crashes mid-call: the SIPp call goes on to its normal end, audio both ways, the recording goes on in the same file', async (t) => {
  const media = h.platform.media;
  assert.ok(media instanceof WorkerMediaEngine);
  const call = trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 4500 }, { kind: 'talk', talkMs: 4000, hangup: 'caller', playAudio: true });
  // Both legs up and talking for a while, then their worker dies.
  await until(() => media.load.some((n) => n === 2), 'both legs in one worker');
  await new Promise((r) => setTimeout(r, 2500)); // the recorder has written its first 1 s chunk
  const index = media.load.findIndex((n) => n === 2);
  await media.terminateWorker(index);
  const r = await call;
  assert.equal(r.outcome, 'answered', h.logs());
  assert.match(h.logs(), new RegExp(`media worker ${index} restarted: 2 of 2 endpoint\\(s\\) re-created on their ports`));
  // The stats are the re-created endpoints': what flowed after the crash, ≈ 1.8 s each way.
  const m = r.mediaStats as { caller: { packetsIn: number; packetsOut: number }; callee: { packetsIn: number; packetsOut: number } };
  assert.ok(m.caller.packetsIn > 40 && m.callee.packetsOut > 40, `after the crash caller→phone ${m.caller.packetsIn}/${m.callee.packetsOut}`);
  assert.ok(m.callee.packetsIn > 40 && m.caller.packetsOut > 40, `after the crash phone→caller ${m.callee.packetsIn}/${m.caller.packetsOut}`);
  assert.ok(r.recordingPath && existsSync(r.recordingPath), `recording at ${r.recordingPath}`);
  assert.equal(existsSync(`${r.recordingPath}.recording`), false, 'finalised');
  // One file for the whole call: the part before the crash (repaired), silence for what the
  // crash lost, the rest recorded by the replacement worker. Both sides audible over it.
  const info = soxInfo(r.recordingPath);
  assert.equal(info.channels, 2);
  // Talk time to the millisecond: the record's talkSeconds is rounded up (a started second is billed).
  const talkS = (Date.parse(r.endedAt ?? '') - Date.parse(r.answeredAt ?? '')) / 1000;
  t.diagnostic(`recording ${info.seconds} s, talk ${talkS} s`);
  assert.ok(Math.abs(info.seconds - talkS) < 0.5, `${info.seconds} s recorded of ${talkS} s talk`);
  assert.ok(channelRms(r.recordingPath, 1) > 0.003 && channelRms(r.recordingPath, 2) > 0.003, 'both sides audible');
  assert.deepEqual(media.load, [0, 0], 'both endpoints destroyed after the call');
});
