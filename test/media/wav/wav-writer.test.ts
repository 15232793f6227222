import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WavWriter } from '../../../src/media/wav/wav-writer.ts';
import { repairWav } from '../../../src/media/wav/repair-wav.ts';
import { parseWavHeader, recordingHeaderBytes, recordingWavHeader, RECORDING_FORMATS, type RecordingFormat } from '../../../src/media/wav/wav-header.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { linearToUlaw, ulawToLinear } from '../../../src/media/codec/g711.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-wavw-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const soxSeconds = (path: string): number => Number(execFileSync('sox', ['--i', '-D', path]).toString().trim());

/** One recording format as the tests write it: samples of `value` and what a reader decodes them to. */
interface Fmt {
  format: RecordingFormat;
  /** Bytes per sample. */
  bps: number;
  header: number;
  /** `n` samples of the linear value `v`, in the writer's input type. */
  fill(n: number, v: number): Int16Array | Uint8Array;
  /** What `v` reads back as (µ-law quantises). */
  q(v: number): number;
}

const FORMATS: Record<RecordingFormat, Fmt> = {
  pcm16: { format: 'pcm16', bps: 2, header: 44, fill: (n, v) => new Int16Array(n).fill(v), q: (v) => v },
  ulaw: { format: 'ulaw', bps: 1, header: 58, fill: (n, v) => new Uint8Array(n).fill(linearToUlaw(v)), q: (v) => ulawToLinear(linearToUlaw(v)) },
};

test('recording headers: 44 bytes for pcm16; 58 for µ-law with tag 7, cbSize 0 and a fact chunk', () => {
  assert.equal(recordingHeaderBytes('pcm16'), 44);
  assert.equal(recordingHeaderBytes('ulaw'), 58);
  const h = recordingWavHeader('ulaw', 8000, 2, 16000);
  assert.equal(h.length, 58);
  assert.equal(h.toString('latin1', 12, 16), 'fmt ');
  assert.equal(h.readUInt32LE(16), 18);
  assert.equal(h.readUInt16LE(20), 7);
  assert.equal(h.readUInt32LE(28), 16000, 'byte rate');
  assert.equal(h.readUInt16LE(32), 2, 'block align');
  assert.equal(h.readUInt16LE(34), 8);
  assert.equal(h.readUInt16LE(36), 0, 'cbSize');
  assert.equal(h.toString('latin1', 38, 42), 'fact');
  const info = parseWavHeader(Buffer.concat([h, Buffer.alloc(16000, 0xff)]));
  assert.deepEqual(
    { format: info.format, channels: info.channels, bits: info.bitsPerSample, offset: info.dataOffset, data: info.declaredDataLength, riff: info.declaredRiffSize, fact: info.declaredFactSamples, factAt: info.factSampleOffset },
    { format: 'ulaw', channels: 2, bits: 8, offset: 58, data: 16000, riff: 50 + 16000, fact: 8000, factAt: 46 },
  );
  assert.equal(parseWavHeader(recordingWavHeader('pcm16', 8000, 2, 0)).factSampleOffset, undefined);
});

for (const format of RECORDING_FORMATS) {
  const f = FORMATS[format];
  const { bps, header } = f;

  test(`${format}: streaming writer: header valid after each flush and exact after close; sox agrees`, async () => {
    const path = join(dir, `w-${format}.wav`);
    const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2, flushBytes: 1600 * bps, format });
    const frame = f.fill(320, 1000);
    for (let i = 0; i < 320; i += 2) frame[i + 1] = f.fill(1, -1000)[0] ?? 0;
    for (let i = 0; i < 10; i++) w.write(frame); // 3200 samples = 2 flushes
    await w.flush();
    const mid = parseWavHeader(readFileSync(path));
    assert.equal(mid.declaredDataLength, 3200 * bps);
    assert.equal(mid.declaredRiffSize, header - 8 + 3200 * bps);
    if (format === 'ulaw') assert.equal(mid.declaredFactSamples, 1600);
    for (let i = 0; i < 155; i++) w.write(frame); // total 165 frames of 20 ms = 3.3 s
    assert.equal(w.frames, 165 * 160);
    const res = await w.close();
    assert.deepEqual(res, { dataBytes: 165 * 320 * bps, durationMs: 3300 });
    assert.equal(statSync(path).size, header + 165 * 320 * bps);
    assert.equal(soxSeconds(path), 3.3);
    assert.equal(execFileSync('sox', ['--i', '-e', path]).toString().trim(), format === 'ulaw' ? 'u-law' : 'Signed Integer PCM');
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.info.format, format === 'ulaw' ? 'ulaw' : 'pcm');
    if (format === 'ulaw') assert.equal(wav.info.declaredFactSamples, 165 * 160);
    assert.equal(wav.samples[0], f.q(1000));
    assert.equal(wav.samples[1], f.q(-1000));
    assert.equal((await repairWav(path)).status, 'ok');
    assert.throws(() => w.write(frame));
  });

  test(`${format}: resume appends to a repaired recording of the same kind; another kind or an unrepaired header is refused`, async () => {
    const path = join(dir, `resume-${format}.wav`);
    const first = await WavWriter.open(path, { channels: 2, format });
    first.write(f.fill(2 * 8000, 1000)); // 1 s
    await first.close();
    const again = await WavWriter.open(path, { channels: 2, format, resume: true });
    assert.equal(again.frames, 8000, 'counts what the file holds');
    again.write(f.fill(2 * 4000, -1000)); // 0.5 s more
    assert.deepEqual(await again.close(), { dataBytes: 12000 * 2 * bps, durationMs: 1500 });
    assert.equal(soxSeconds(path), 1.5);
    const wav = decodeWav(readFileSync(path));
    assert.equal(wav.info.declaredDataLength, wav.info.dataLength);
    if (format === 'ulaw') assert.equal(wav.info.declaredFactSamples, 12000);
    assert.equal(wav.samples[0], f.q(1000));
    assert.equal(wav.samples[2 * 8000], f.q(-1000), 'the new audio follows the old');
    await assert.rejects(WavWriter.open(path, { channels: 1, format, resume: true }), { name: 'WavError', code: 'unsupported-format' });
    await assert.rejects(WavWriter.open(path, { channels: 2, format: format === 'ulaw' ? 'pcm16' : 'ulaw', resume: true }), { name: 'WavError', code: 'unsupported-format' });
    // A header a crash left behind (sizes behind the data) must be repaired first.
    const torn = join(dir, `torn-${format}.wav`);
    writeFileSync(torn, Buffer.concat([recordingWavHeader(format, 8000, 2, 0), Buffer.alloc(1600 * bps)]));
    await assert.rejects(WavWriter.open(torn, { channels: 2, format, resume: true }), { name: 'WavError', code: 'truncated' });
    await assert.rejects(WavWriter.open(join(dir, 'missing.wav'), { channels: 2, format, resume: true }), { name: 'WavError', code: 'io' });
  });

  test(`${format}: samples of the other format are refused`, async () => {
    const w = await WavWriter.open(join(dir, `mix-${format}.wav`), { channels: 1, format });
    assert.throws(() => w.write(format === 'ulaw' ? new Int16Array(4) : new Uint8Array(4)), { name: 'WavError', code: 'unsupported-format' });
    assert.equal(w.frames, 0);
    await w.close();
  });

  test(`${format}: while streaming, one write per chunk; the header is updated every headerEveryBytes and on flush`, async () => {
    const path = join(dir, `hdr-${format}.wav`);
    const w = await WavWriter.open(path, { sampleRate: 8000, channels: 1, flushBytes: 500 * bps, headerEveryBytes: 1000 * bps, format });
    const frame = f.fill(250, 5); // 250 samples
    for (let i = 0; i < 6; i++) w.write(frame); // 3 chunks queued; header after the 2nd
    // Wait for the queued writes to land (no flush: that would update the header itself). They go
    // one at a time in order (chunk, chunk, header, chunk): the third chunk on disk means the header is.
    for (let i = 0; i < 5000 && statSync(path).size < header + 1500 * bps; i++) await new Promise((r) => setTimeout(r, 1));
    assert.equal(statSync(path).size, header + 1500 * bps);
    assert.equal(parseWavHeader(readFileSync(path)).declaredDataLength, 1000 * bps);
    w.write(frame);
    await w.flush();
    const h = parseWavHeader(readFileSync(path));
    assert.equal(h.declaredDataLength, 1750 * bps);
    assert.equal(h.declaredRiffSize, header - 8 + 1750 * bps);
    if (format === 'ulaw') assert.equal(h.declaredFactSamples, 1750);
    assert.deepEqual(await w.close(), { dataBytes: 1750 * bps, durationMs: 219 });
    assert.equal(decodeWav(readFileSync(path)).samples.length, 1750);
  });

  // The child may not grow files beyond 6000 bytes (RLIMIT_FSIZE; Node ignores SIGXFSZ, so the
  // write fails with EFBIG): the second chunk is written short, its rest fails — a full disk.
  const FULL_CHILD = `
  import { WavWriter } from ${JSON.stringify(new URL('../../../src/media/wav/wav-writer.ts', import.meta.url).href)};
  const w = await WavWriter.open(process.argv[1], { sampleRate: 8000, channels: 1, flushBytes: 4000, format: '${format}' });
  const f = new ${format === 'ulaw' ? 'Uint8Array(4000)' : 'Int16Array(2000)'}.fill(1);
  for (let i = 0; i < 3; i++) w.write(f);
  const out = [];
  await w.flush().then(() => out.push('flushed'), (e) => out.push('flush ' + e.code));
  try { w.write(f); out.push('wrote'); } catch (e) { out.push('write ' + e.code); }
  await w.close().then(() => out.push('closed'), (e) => out.push('close ' + e.code));
  console.log(out.join(','));
  `;
  const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

  test(`${format}: a failed chunk write (disk full) rejects flush and close and makes later writes throw`, { skip: !hasPrlimit && 'needs prlimit (util-linux)' }, () => {
    const path = join(dir, `full-${format}.wav`);
    const child = spawnSync('prlimit', ['--fsize=6000', process.execPath, '--import', 'tsx', '--input-type=module', '-e', FULL_CHILD, path], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'flush io,write io,close io');
    assert.equal(statSync(path).size, 6000);
  });

  test(`${format}: writing to an impossible path fails with WavError io`, async () => {
    await assert.rejects(WavWriter.open(join(dir, 'no', 'such', 'dir.wav'), { format }), /cannot create/);
  });

  // The child writes through WavWriter (flushes update the header), then appends a chunk and a
  // half sample frame behind the header's back (a flush whose header update never happened), and
  // SIGKILLs itself: what a crash mid-recording leaves.
  const CHILD = `
  import { appendFileSync } from 'node:fs';
  import { WavWriter } from ${JSON.stringify(new URL('../../../src/media/wav/wav-writer.ts', import.meta.url).href)};
  const path = process.argv[1];
  const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2, flushBytes: ${3200 * bps}, format: '${format}' });
  const frame = new ${format === 'ulaw' ? 'Uint8Array' : 'Int16Array'}(320).fill(${format === 'ulaw' ? linearToUlaw(2000) : 2000});
  for (let i = 0; i < 50; i++) w.write(frame);   // 1 s
  await w.flush();
  appendFileSync(path, Buffer.alloc(${3200 * bps} + ${2 * bps - 1}, 7));
  process.kill(process.pid, 'SIGKILL');
  `;

  test(`${format}: repairWav fixes a file whose writer was SIGKILLed; sox reads all of it`, () => {
    const path = join(dir, `killed-${format}.wav`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, path], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const before = parseWavHeader(readFileSync(path));
    assert.equal(before.declaredDataLength, 16000 * bps); // header as of the last flush
    if (format === 'ulaw') assert.equal(before.declaredFactSamples, 8000);
    assert.equal(statSync(path).size, header + 16000 * bps + 3200 * bps + 2 * bps - 1);
    return repairWav(path).then((r) => {
      assert.deepEqual(r, { status: 'repaired', path, dataBytes: 19200 * bps });
      assert.equal(statSync(path).size, header + 19200 * bps);
      const after = parseWavHeader(readFileSync(path));
      assert.equal(after.declaredDataLength, 19200 * bps);
      assert.equal(after.declaredRiffSize, header - 8 + 19200 * bps);
      if (format === 'ulaw') assert.equal(after.declaredFactSamples, 9600, 'fact chunk: sample frames per channel');
      assert.equal(soxSeconds(path), 1.2);
      const s = decodeWav(readFileSync(path)).samples;
      assert.equal(s[0], f.q(2000));
      assert.equal(s.length, 19200);
    });
  });

  test(`${format}: repairWav: header with zero sizes, a non-WAV file, and an intact file`, async () => {
    const zero = join(dir, `zero-${format}.wav`);
    const data = Buffer.alloc(8000 * bps, 1);
    const head = recordingWavHeader(format, 8000, 2, 0);
    head.writeUInt32LE(0, 4);
    writeFileSync(zero, Buffer.concat([head, data]));
    assert.equal((await repairWav(zero)).status, 'repaired');
    assert.equal(soxSeconds(zero), 0.5);
    if (format === 'ulaw') assert.equal(parseWavHeader(readFileSync(zero)).declaredFactSamples, 4000);
    const junk = join(dir, 'junk.wav');
    writeFileSync(junk, 'RIFF');
    const r = await repairWav(junk);
    assert.equal(r.status, 'unrepairable');
    assert.equal(readFileSync(junk, 'utf8'), 'RIFF');
    assert.equal((await repairWav(zero)).status, 'ok');
  });
}
