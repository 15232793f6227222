import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallRecorder } from '../../../src/media/recorder/call-recorder.ts';
import { convertToMp3, Mp3Queue } from '../../../src/media/recorder/mp3.ts';
import { repairRecordings } from '../../../src/media/recorder/repair-recordings.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';
import { linearToUlaw, ulawToLinear } from '../../../src/media/codec/g711.ts';
import { parseWavHeader, recordingHeaderBytes, RECORDING_FORMATS, type RecordingFormat } from '../../../src/media/wav/wav-header.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-rec-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const sine = (freq: number, k: number): Int16Array =>
  Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * freq * (k * 160 + i)) / 8000)));

/** RMS of one channel of interleaved stereo over [fromS, toS) seconds. */
function level(s: Float32Array, ch: number, fromS: number, toS: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.round(fromS * 8000); i < Math.round(toS * 8000); i++, n++) sum += (s[2 * i + ch] ?? 0) ** 2;
  return Math.sqrt(sum / n);
}
function channel(s: Float32Array, ch: number, fromS: number, toS: number): Float32Array {
  return Float32Array.from({ length: Math.round((toS - fromS) * 8000) }, (_, i) => s[2 * (Math.round(fromS * 8000) + i) + ch] ?? 0);
}

/**
 * A 10 s call on a fake clock: the caller (440 Hz) talks 0–3 s and 6–8 s, the agent (1000 Hz)
 * 3–6 s; each side sends nothing while silent (VAD/DTX), packets arrive 0–30 ms late.
 */
async function recordCall(path: string, format: RecordingFormat): Promise<{ durationMs: number }> {
  const clock = { t: 50_000, now(): number { return this.t; } };
  const rec = await CallRecorder.start({ path, channels: 2, format, clock });
  assert.equal(rec.format, format);
  assert.ok(existsSync(path + '.recording'));
  let seed = 5;
  const jitter = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 31;
  const events: Array<{ at: number; ch: 0 | 1; k: number }> = [];
  for (let k = 0; k < 500; k++) {
    const s = (k * 20) / 1000;
    const sendAt = 50_000 + (k + 1) * 20; // frame k is complete at (k+1)·20 ms
    if (s < 3 || (s >= 6 && s < 8)) events.push({ at: sendAt + jitter(), ch: 0, k });
    if (s >= 3 && s < 6) events.push({ at: sendAt + jitter(), ch: 1, k });
  }
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    clock.t = e.at;
    const frame = sine(e.ch === 0 ? 440 : 1000, e.k);
    rec.push(e.ch, frame, { arrivalMs: e.at, timestamp: (e.ch === 0 ? 1000 : 777_000) + e.k * 160, ssrc: e.ch === 0 ? 11 : 22 });
  }
  clock.t = 50_000 + 10_000;
  return rec.stop();
}

const soxHasMp3 = ((): boolean => {
  try {
    const help = execFileSync('sox', ['-h'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return /^AUDIO FILE FORMATS:.* mp3( |$)/m.test(help);
  } catch {
    return false;
  }
})();

for (const format of RECORDING_FORMATS) {
  const bps = format === 'ulaw' ? 1 : 2;
  const q = (v: number): number => (format === 'ulaw' ? ulawToLinear(linearToUlaw(v)) : v);

  test(`${format}: a recorded call: right length, each side on its channel where it spoke, silence elsewhere`, async () => {
    const path = join(dir, `call-${format}.wav`);
    const res = await recordCall(path, format);
    assert.equal(res.durationMs, 10_000);
    assert.ok(!existsSync(path + '.recording'), 'marker removed');
    assert.equal(execFileSync('sox', ['--i', '-c', path]).toString().trim(), '2');
    assert.equal(Number(execFileSync('sox', ['--i', '-D', path]).toString().trim()), 10);
    assert.equal(execFileSync('sox', ['--i', '-e', path]).toString().trim(), format === 'ulaw' ? 'u-law' : 'Signed Integer PCM');
    assert.equal(statSync(path).size, recordingHeaderBytes(format) + 160_000 * bps, '8000 frames/s × 2 channels × bytes per sample');
    const s = decodeWav(readFileSync(path)).samples;
    assert.equal(s.length, 160_000);
    // Left = caller: loud 0–3 s and 6–8 s, silent 3–6 s and 8–10 s.
    assert.ok(level(s, 0, 0.05, 2.95) > 5000);
    assert.ok(level(s, 0, 6.05, 7.95) > 5000);
    assert.equal(level(s, 0, 3.05, 5.95), 0);
    assert.equal(level(s, 0, 8.05, 9.95), 0);
    // Right = answering side: loud 3–6 s only.
    assert.ok(level(s, 1, 3.05, 5.95) > 5000);
    assert.equal(level(s, 1, 0.05, 2.95), 0);
    assert.equal(level(s, 1, 6.05, 9.95), 0);
    // The right frequency on each side and no crosstalk; placement by timestamp keeps the sine
    // continuous (a misplaced frame would smear energy away from 440 Hz).
    assert.ok(goertzelRatio(channel(s, 0, 0.5, 2.5), 440, 8000) > 0.99);
    assert.ok(goertzelRatio(channel(s, 1, 3.5, 5.5), 1000, 8000) > 0.99);
    // Time-aligned: each side starts where it spoke, late only by its first packet's network delay
    // (the anchor is that packet's arrival; here 0–30 ms of jitter).
    const firstLoud = (ch: number): number => {
      for (let i = 0; i < 80_000; i++) if (Math.abs(s[2 * i + ch] ?? 0) > 0) return i / 8000;
      return NaN;
    };
    assert.ok(firstLoud(0) <= 0.031, `caller starts at ${firstLoud(0)}`);
    assert.ok(Math.abs(firstLoud(1) - 3) <= 0.031, `agent starts at ${firstLoud(1)}`);
  });

  test(`${format}: voicemail records one side, mono; stop twice gives the same result`, async () => {
    const clock = { t: 0, now(): number { return this.t; } };
    const path = join(dir, `vm-${format}.wav`);
    const rec = await CallRecorder.start({ path, channels: 1, format, clock });
    for (let k = 0; k < 100; k++) {
      clock.t = (k + 1) * 20;
      rec.push(0, sine(300, k), { arrivalMs: clock.t, timestamp: k * 160, ssrc: 3 });
      rec.push(1, sine(900, k), { arrivalMs: clock.t }); // ignored in mono
    }
    clock.t = 2500;
    const [a, b] = await Promise.all([rec.stop(), rec.stop()]);
    assert.deepEqual(a, { path, durationMs: 2500, channels: 1 });
    assert.equal(a, b);
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.channels, 1);
    assert.equal(wav.info.format, format === 'ulaw' ? 'ulaw' : 'pcm');
    assert.equal(wav.samples.length, 20_000);
    assert.equal(statSync(path).size, recordingHeaderBytes(format) + 20_000 * bps);
    assert.ok(goertzelRatio(wav.samples.subarray(800, 15200), 300, 8000) > 0.99);
  });

  test(`${format}: MP3 conversion with lame: lame --decode reads it back with each side's tone on its channel`, async () => {
    const wav = join(dir, `call-${format}.wav`);
    if (!existsSync(wav)) await recordCall(wav, format);
    const q = new Mp3Queue({ concurrency: 1 });
    const [mp3] = await Promise.all([q.convert(wav), q.convert(wav, { mp3Path: join(dir, `copy-${format}.mp3`) })]);
    assert.equal(mp3, join(dir, `call-${format}.mp3`));
    assert.ok(statSync(mp3).size > 10_000);
    // Debian's sox has no MP3 handler without libsox-fmt-mp3: decode with lame, read with sox.
    const back = join(dir, `back-${format}.wav`);
    execFileSync('lame', ['--quiet', '--decode', mp3, back]);
    assert.ok(Math.abs(Number(execFileSync('sox', ['--i', '-D', back]).toString().trim()) - 10) < 0.2);
    // The audio, not just the length: lame given µ-law bytes as PCM would encode noise of the right length.
    const s = decodeWav(readFileSync(back)).samples;
    assert.ok(goertzelRatio(channel(s, 0, 0.5, 2.5), 440, 8000) > 0.95, 'caller 440 Hz on the left');
    assert.ok(goertzelRatio(channel(s, 1, 3.5, 5.5), 1000, 8000) > 0.95, 'agent 1 kHz on the right');
    assert.ok(level(s, 0, 0.5, 2.5) > 4000 && level(s, 1, 0.5, 2.5) < 200, 'the left loud, the right quiet while only the caller talks');
    await assert.rejects(convertToMp3(join(dir, 'missing.wav')), /lame failed/);
    const del = join(dir, `del-${format}.wav`);
    writeFileSync(del, readFileSync(wav));
    await convertToMp3(del, { deleteWav: true, bitrateKbps: 16 });
    assert.ok(!existsSync(del) && existsSync(join(dir, `del-${format}.mp3`)));
  });

  // The child records for 2.5 s of fake time (the writer flushes each second), then SIGKILLs itself.
  const CHILD = `
  import { CallRecorder } from ${JSON.stringify(new URL('../../../src/media/recorder/call-recorder.ts', import.meta.url).href)};
  const clock = { t: 0, now() { return this.t; } };
  const rec = await CallRecorder.start({ path: process.argv[1], channels: 2, format: '${format}', clock, holdBackMs: 0 });
  for (let k = 0; k < 125; k++) {
    clock.t = (k + 1) * 20;
    rec.push(0, new Int16Array(160).fill(1000), { arrivalMs: clock.t, timestamp: k * 160, ssrc: 1 });
    rec.push(1, new Int16Array(160).fill(-1000), { arrivalMs: clock.t, timestamp: k * 160, ssrc: 2 });
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 50));
  process.kill(process.pid, 'SIGKILL');
  `;

  test(`${format}: repairRecordings fixes a recording whose process was SIGKILLed; sox reads it`, async () => {
    const sub = join(dir, `tenant-${format}`, '2026-11');
    mkdirSync(sub, { recursive: true });
    const path = join(sub, 'killed.wav');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, path], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.ok(existsSync(path + '.recording'), 'marker left behind');
    // A marker whose WAV never got created.
    writeFileSync(join(sub, 'ghost.wav.recording'), '');
    const results = await repairRecordings(sub);
    const mine = results.find((r) => r.path === path);
    assert.ok(mine && (mine.status === 'repaired' || mine.status === 'ok'), JSON.stringify(results));
    assert.ok(mine.dataBytes >= 2 * 16000 * bps, `data ${mine.dataBytes}`);
    assert.equal(results.find((r) => r.path.endsWith('ghost.wav'))?.status, 'unrepairable');
    assert.ok(!existsSync(path + '.recording'));
    const secs = Number(execFileSync('sox', ['--i', '-D', path]).toString().trim());
    assert.equal(secs, mine.dataBytes / (16000 * bps));
    const info = parseWavHeader(readFileSync(path));
    assert.equal(info.declaredDataLength, mine.dataBytes);
    if (format === 'ulaw') assert.equal(info.declaredFactSamples, mine.dataBytes / 2, 'fact chunk repaired too');
    const s = decodeWav(readFileSync(path)).samples;
    assert.equal(s[0], q(1000));
    assert.equal(s[1], q(-1000));
    assert.deepEqual(await repairRecordings(sub), []);
  });


  test(`${format}: sox reads the MP3 directly`, { skip: !soxHasMp3 && 'Debian sox lacks MP3 without libsox-fmt-mp3' }, async () => {
    const wav = join(dir, `direct-${format}.wav`);
    await recordCall(wav, format);
    const mp3 = await convertToMp3(wav);
    // sox's MP3 reader (libmad) keeps lame's encoder delay and last-frame padding, which lame's
    // own decoder strips: at 8 kHz (MPEG 2.5, 576-sample frames) that is 1105 samples of delay
    // plus under a frame, so the file reads 10.14–10.28 s for 10 s of audio.
    const secs = Number(execFileSync('sox', ['--i', '-D', mp3]).toString().trim());
    assert.ok(secs >= 10 && secs < 10 + (1105 + 2 * 576) / 8000, `sox reads ${secs} s`);
    const back = join(dir, `sox-back-${format}.wav`);
    execFileSync('sox', [mp3, '-e', 'signed-integer', '-b', '16', back]);
    const s = decodeWav(readFileSync(back)).samples;
    // Shifted by the encoder delay (0.14 s): the windows stay inside each side's tone.
    assert.ok(goertzelRatio(channel(s, 0, 0.7, 2.5), 440, 8000) > 0.95, 'caller 440 Hz on the left');
    assert.ok(goertzelRatio(channel(s, 1, 3.7, 5.5), 1000, 8000) > 0.95, 'agent 1 kHz on the right');
  });
}
