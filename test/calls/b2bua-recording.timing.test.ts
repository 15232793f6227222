/**
 * Issue 3: a recorded call's WAV is as long as the talk time within 1 %. Timing-sensitive (the
 * recorder opens and closes while the call is answered and ends), so it runs alone
 * (scripts/test.mjs runs `*.timing` files after the rest, one at a time). Once per recording
 * format (HOTLINE_RECORDING_FORMAT): µ-law, the default, and 16-bit PCM.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { channelRms, soxInfo, trunkCall } from '../support/trunk-call.ts';
import { RECORDING_FORMATS } from '../../src/media/wav/wav-header.ts';

for (const format of RECORDING_FORMATS) {
  describe(`recording format ${format}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ env: { HOTLINE_RECORDING_FORMAT: format } });
    });
    after(async () => {
      await h?.stop();
    });

    test("the recording's length is the talk time within 1 %, both channels audible", async (t) => {
      const r = await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 8500 }, { kind: 'talk', talkMs: 8000, hangup: 'caller', playAudio: true });
      assert.equal(r.outcome, 'answered');
      assert.ok(r.recordingPath, 'recorded');
      const info = soxInfo(r.recordingPath);
      const talkMs = Date.parse(r.endedAt ?? '') - Date.parse(r.answeredAt ?? '');
      assert.equal(info.channels, 2);
      assert.ok(Math.abs(info.seconds * 1000 - talkMs) <= 0.01 * talkMs, `recording ${info.seconds}s vs talk ${talkMs}ms`);
      const rms = [channelRms(r.recordingPath, 1), channelRms(r.recordingPath, 2)];
      t.diagnostic(`${format}: recording ${info.seconds} s, talk ${talkMs} ms, RMS left ${rms[0]} right ${rms[1]}`);
      assert.ok((rms[0] ?? 0) > 0.005 && (rms[1] ?? 0) > 0.005, 'both sides audible');
      // The format asked for, at its byte rate: 8000 frames/s × 2 channels × 1 (µ-law) or 2 bytes.
      const encoding = spawnSync('soxi', ['-e', r.recordingPath], { encoding: 'utf8' }).stdout.trim();
      assert.equal(encoding, format === 'ulaw' ? 'u-law' : 'Signed Integer PCM');
      const bytesPerSecond = format === 'ulaw' ? 16000 : 32000;
      const header = format === 'ulaw' ? 58 : 44;
      assert.equal(statSync(r.recordingPath).size, header + Math.round(info.seconds * bytesPerSecond));
    });
  });
}
