/**
 * Issue 3 with a real softphone: baresip calls the project's SIP stack + media engine, hears a
 * prompt (what it heard is kept as a WAV and measured with sox) and keys digits that the engine
 * detects once each.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMediaUas } from '../../support/media-uas.ts';
import type { MediaUas } from '../../support/media-uas.ts';
import { freeBaresipPort, startBaresip } from '../../support/baresip-process.ts';

let uas: MediaUas;
const base = 49000 + (process.pid % 40) * 20;
before(async () => {
  uas = await startMediaUas({ rtpPorts: `${base}-${base + 9}` });
});
after(async () => {
  await uas?.close();
});

test('baresip hears a prompt and keys digits that are detected once each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-heard-'));
  const phone = startBaresip({ sipPort: await freeBaresipPort(), rtpPorts: `${base + 10}-${base + 19}`, username: 'caller', dial: `sip:menu@127.0.0.1:${uas.port}`, audioDumpDir: dir });
  try {
    const call = await uas.nextCall();
    const digits: string[] = [];
    call.media.onDtmf.on((e) => digits.push(e.digit));
    const prompt = fileURLToPath(new URL('../../../assets/prompts/zh-CN/welcome.wav', import.meta.url));
    const played = call.media.play({ kind: 'file', path: prompt });
    await new Promise((r) => setTimeout(r, 800));
    for (const key of ['1', '2', '#']) {
      phone.press(key);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(await played, 'finished');
    call.hangup();
    await call.ended;
    assert.deepEqual(digits, ['1', '2', '#'], phone.output());
    await phone.stop();
    const dumped = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
    assert.ok(dumped, `baresip kept what it heard: ${readdirSync(dir).join(', ')}`);
    const heard = join(dir, dumped);
    const stat = spawnSync('sox', [heard, '-n', 'stat'], { encoding: 'utf8' }).stderr;
    const seconds = Number(/Length \(seconds\):\s+([\d.]+)/.exec(stat)?.[1] ?? 0);
    const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1] ?? 0);
    assert.ok(seconds > 1, `baresip heard ${seconds}s\n${stat}`);
    assert.ok(rms > 0.01, `what baresip heard is not silent (RMS ${rms})`);
    await call.media.destroy();
  } finally {
    await phone.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
