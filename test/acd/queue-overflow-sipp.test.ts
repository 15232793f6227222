/**
 * C4 over real SIP: a SIPp caller waits in a queue nobody answers; at the queue's timeout the
 * number's own voicemail takes the call — its greeting, the beep — and the caller's message (a
 * 1 kHz tone sent as RTP) is stored as the number's voicemail with the audio in it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acdSipFixture, NUMBER } from './acd-sip-fixture.ts';
import { writeTonePcap } from '../support/tone-pcap.ts';
import { until } from '../support/until.ts';
import { setNumberFlow } from '../../src/flows/flow-store.ts';
import { listVoicemails } from '../../src/flows/voicemail-store.ts';
import type { VoicemailRecord } from '../../src/flows/voicemail-store.ts';
import { decodeAudioFile } from '../../src/media/wav/audio-file.ts';

/** The tone's share of the recording's energy (Goertzel at `hz` over the whole file). */
async function toneShare(wavPath: string, hz: number): Promise<{ share: number; rms: number }> {
  const pcm = await decodeAudioFile(wavPath, readFileSync(wavPath));
  const block = 400;
  let tone = 0;
  let total = 0;
  for (let start = 0; start + block <= pcm.length; start += block) {
    const w = (2 * Math.PI * hz) / 8000;
    let s1 = 0;
    let s2 = 0;
    let energy = 0;
    for (let i = 0; i < block; i++) {
      const x = pcm[start + i] ?? 0;
      energy += x * x;
      const s0 = x + 2 * Math.cos(w) * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    tone += (s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2) / (block / 2);
    total += energy;
  }
  return { share: total > 0 ? tone / total : 0, rms: Math.sqrt(total / Math.max(1, pcm.length)) };
}

describe('queue overflow to voicemail (C4) with a SIPp caller', () => {
  const acd = acdSipFixture(['8101']);
  const tone = join(tmpdir(), `acd-vm-tone-${process.pid}.pcap`);

  test('at the queue timeout the number’s voicemail greets the caller, records the message and lists it with audio', async () => {
    writeTonePcap(tone, { hz: 1000, seconds: 4 });
    acd.queue('sales', { name: '销售', maxWaitSeconds: 3, overflow: { kind: 'voicemail' } });
    acd.agent('8101', ['sales']); // a member, logged out: the call waits out the timeout
    await acd.route('sales');
    await setNumberFlow(acd.h.platform.database.db, acd.tenantId, NUMBER, { language: 'en', voicemail: { enabled: true, maxSeconds: 30 } });
    // Answered by the queue; 3 s wait, then "please leave a message" (~2.2 s) and the beep: the
    // caller speaks (the tone) from 6.5 s on, then hangs up.
    const r = await acd.call({ steps: [{ pause: 6500 }, { pcap: tone }, { pause: 4500 }], end: 'bye' });
    assert.equal(r.outcome, 'no_answer', acd.h.logs());
    assert.equal(r.queueId, 'sales');
    assert.equal(r.endedBy, 'caller');
    let vm: VoicemailRecord | undefined;
    await until(async () => (vm = (await listVoicemails(acd.h.platform.database.db, acd.tenantId, { number400: NUMBER })).find((v) => v.callId === r.id)) !== undefined, 'the voicemail row');
    assert.ok(vm!.durationMs > 3000, `message of ${vm!.durationMs} ms`);
    const heard = await toneShare(vm!.path, 1000);
    assert.ok(heard.rms > 300, `the caller's audio is in the message (RMS ${heard.rms.toFixed(0)})`);
    assert.ok(heard.share > 0.5, `the message carries the caller's 1 kHz tone (${(heard.share * 100).toFixed(0)} % of its energy)`);
  });

  test('a number that takes no messages: the overflow caller hears goodbye and the call ends unanswered', async () => {
    acd.queue('sales', { name: '销售', maxWaitSeconds: 2, overflow: { kind: 'voicemail' } });
    await setNumberFlow(acd.h.platform.database.db, acd.tenantId, NUMBER, { language: 'en', voicemail: { enabled: false } });
    const r = await acd.call({ steps: [], end: 'await-bye' });
    assert.equal(r.outcome, 'no_answer', acd.h.logs());
    assert.equal(r.sipReason, 'Queue Overflow');
    assert.equal(r.endedBy, 'platform');
  });
});
