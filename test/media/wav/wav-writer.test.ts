import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WavWriter } from '../../../src/media/wav/wav-writer.ts';
import { repairWav } from '../../../src/media/wav/repair-wav.ts';
import { parseWavHeader, pcm16WavHeader } from '../../../src/media/wav/wav-header.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-wavw-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const soxSeconds = (path: string): number => Number(execFileSync('sox', ['--i', '-D', path]).toString().trim());

test('streaming writer: header valid after each flush and exact after close; sox agrees', async () => {
  const path = join(dir, 'w.wav');
  const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2, flushBytes: 3200 });
  const frame = new Int16Array(320);
  for (let i = 0; i < 320; i++) frame[i] = i % 2 === 0 ? 1000 : -1000;
  for (let i = 0; i < 10; i++) w.write(frame); // 6400 bytes = 2 flushes
  await w.flush();
  const mid = parseWavHeader(readFileSync(path));
  assert.equal(mid.declaredDataLength, 6400);
  assert.equal(mid.declaredRiffSize, 36 + 6400);
  for (let i = 0; i < 155; i++) w.write(frame); // total 165 frames of 20 ms = 3.3 s
  assert.equal(w.frames, 165 * 160);
  const res = await w.close();
  assert.deepEqual(res, { dataBytes: 165 * 640, durationMs: 3300 });
  assert.equal(statSync(path).size, 44 + 165 * 640);
  assert.equal(soxSeconds(path), 3.3);
  const wav = decodeWav(readFileSync(path));
  assert.equal(wav.samples[0], 1000);
  assert.equal(wav.samples[1], -1000);
  assert.equal((await repairWav(path)).status, 'ok');
  assert.throws(() => w.write(frame));
});

test('while streaming, one write per chunk; the header is updated every headerEveryBytes and on flush', async () => {
  const path = join(dir, 'hdr.wav');
  const w = await WavWriter.open(path, { sampleRate: 8000, channels: 1, flushBytes: 1000, headerEveryBytes: 2000 });
  const frame = new Int16Array(250).fill(5); // 500 bytes
  for (let i = 0; i < 6; i++) w.write(frame); // 3 chunks queued; header after the 2nd
  // Wait for the queued writes to land (no flush: that would update the header itself). They go
  // one at a time in order (chunk, chunk, header, chunk): the third chunk on disk means the header is.
  for (let i = 0; i < 5000 && statSync(path).size < 44 + 3000; i++) await new Promise((r) => setTimeout(r, 1));
  assert.equal(statSync(path).size, 44 + 3000);
  assert.equal(parseWavHeader(readFileSync(path)).declaredDataLength, 2000);
  w.write(frame);
  await w.flush();
  const h = parseWavHeader(readFileSync(path));
  assert.equal(h.declaredDataLength, 3500);
  assert.equal(h.declaredRiffSize, 36 + 3500);
  assert.deepEqual(await w.close(), { dataBytes: 3500, durationMs: 219 });
  assert.equal(decodeWav(readFileSync(path)).samples.length, 1750);
});

// The child may not grow files beyond 6000 bytes (RLIMIT_FSIZE; Node ignores SIGXFSZ, so the
// write fails with EFBIG): the second chunk is written short, its rest fails — a full disk.
const FULL_CHILD = `
import { WavWriter } from ${JSON.stringify(new URL('../../../src/media/wav/wav-writer.ts', import.meta.url).href)};
const w = await WavWriter.open(process.argv[1], { sampleRate: 8000, channels: 1, flushBytes: 4000 });
const f = new Int16Array(2000).fill(1);
for (let i = 0; i < 3; i++) w.write(f);
const out = [];
await w.flush().then(() => out.push('flushed'), (e) => out.push('flush ' + e.code));
try { w.write(f); out.push('wrote'); } catch (e) { out.push('write ' + e.code); }
await w.close().then(() => out.push('closed'), (e) => out.push('close ' + e.code));
console.log(out.join(','));
`;
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

test('a failed chunk write (disk full) rejects flush and close and makes later writes throw', { skip: !hasPrlimit && 'needs prlimit (util-linux)' }, () => {
  const path = join(dir, 'full.wav');
  const child = spawnSync('prlimit', ['--fsize=6000', process.execPath, '--import', 'tsx', '--input-type=module', '-e', FULL_CHILD, path], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'flush io,write io,close io');
  assert.equal(statSync(path).size, 6000);
});

test('writing to an impossible path fails with WavError io', async () => {
  await assert.rejects(WavWriter.open(join(dir, 'no', 'such', 'dir.wav')), /cannot create/);
});

// The child writes through WavWriter (flushes update the header), then appends a chunk and a
// half sample frame behind the header's back (a flush whose header update never happened), and
// SIGKILLs itself: what a crash mid-recording leaves.
const CHILD = `
import { appendFileSync } from 'node:fs';
import { WavWriter } from ${JSON.stringify(new URL('../../../src/media/wav/wav-writer.ts', import.meta.url).href)};
const path = process.argv[1];
const w = await WavWriter.open(path, { sampleRate: 8000, channels: 2, flushBytes: 6400 });
const frame = new Int16Array(320).fill(2000);
for (let i = 0; i < 50; i++) w.write(frame);   // 1 s
await w.flush();
appendFileSync(path, Buffer.alloc(6400 + 3, 7));
process.kill(process.pid, 'SIGKILL');
`;

test('repairWav fixes a file whose writer was SIGKILLed; sox reads all of it', () => {
  const path = join(dir, 'killed.wav');
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, path], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const before = parseWavHeader(readFileSync(path));
  assert.equal(before.declaredDataLength, 32000); // header as of the last flush
  assert.equal(statSync(path).size, 44 + 32000 + 6403);
  return repairWav(path).then((r) => {
    assert.deepEqual(r, { status: 'repaired', path, dataBytes: 38400 });
    assert.equal(statSync(path).size, 44 + 38400);
    const after = parseWavHeader(readFileSync(path));
    assert.equal(after.declaredDataLength, 38400);
    assert.equal(after.declaredRiffSize, 36 + 38400);
    assert.equal(soxSeconds(path), 1.2);
  });
});

test('repairWav: header with zero sizes, a non-WAV file, and an intact file', async () => {
  const zero = join(dir, 'zero.wav');
  const data = Buffer.alloc(16000, 1);
  const head = pcm16WavHeader(8000, 2, 0);
  head.writeUInt32LE(0, 4);
  writeFileSync(zero, Buffer.concat([head, data]));
  assert.equal((await repairWav(zero)).status, 'repaired');
  assert.equal(soxSeconds(zero), 0.5);
  const junk = join(dir, 'junk.wav');
  writeFileSync(junk, 'RIFF');
  const r = await repairWav(junk);
  assert.equal(r.status, 'unrepairable');
  assert.equal(readFileSync(junk, 'utf8'), 'RIFF');
  assert.equal((await repairWav(zero)).status, 'ok');
});
