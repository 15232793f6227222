import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertToMp3 } from '../../../src/media/recorder/mp3.ts';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from '../../../src/media/codec/g711-tables.ts';
import { linearToAlaw, linearToUlaw } from '../../../src/media/codec/g711.ts';
import { encodeWavUlaw, ulawWavHeader } from '../../../src/media/wav/wav-header.ts';
import { decodeWav } from '../../../src/media/wav/wav-reader.ts';
import { goertzelRatio } from '../../../src/media/dsp/goertzel.ts';

// G.711 recordings reach lame as 16-bit PCM on its stdin, decoded here: a lame built without
// libsndfile (upstream's default) reads a µ-law WAV as 8-bit PCM and encodes noise. (Debian's
// lame links libsndfile and would read it, so these tests check what lame is given, not only
// what comes out.)

let dir = '';
let spy = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-mp3-'));
  // A lame that keeps a copy of what it reads on stdin.
  spy = join(dir, 'lame-spy.sh');
  writeFileSync(spy, `#!/bin/sh\necho "$@" > "${dir}/args"\nif [ "$5" = "-" ]; then tee "${dir}/stdin.wav" | lame "$@"; else exec lame "$@"; fi\n`);
  chmodSync(spy, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Two seconds of stereo G.711: 440 Hz left, 1 kHz right. */
function tones(encode: (v: number) => number): Uint8Array {
  const out = new Uint8Array(2 * 16000);
  for (let i = 0; i < 16000; i++) {
    out[2 * i] = encode(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
    out[2 * i + 1] = encode(Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
  }
  return out;
}
const channel = (s: Float32Array, ch: number, from: number, to: number): Float32Array => Float32Array.from({ length: to - from }, (_, i) => s[2 * (from + i) + ch] ?? 0);

for (const law of ['ulaw', 'alaw'] as const) {
  test(`${law} WAV: lame is fed the decoded 16-bit PCM on stdin; the MP3 holds each tone on its channel`, async () => {
    const bytes = tones(law === 'ulaw' ? linearToUlaw : linearToAlaw);
    const wav = join(dir, `${law}.wav`);
    const file = encodeWavUlaw(bytes, 8000, 2);
    if (law === 'alaw') file.writeUInt16LE(6, 20); // WAVE_FORMAT_ALAW, same layout
    writeFileSync(wav, file);
    const mp3 = await convertToMp3(wav, { lamePath: spy });
    assert.equal(readFileSync(join(dir, 'args'), 'utf8').trim().split(' ')[4], '-', 'lame reads stdin');
    const fed = decodeWav(readFileSync(join(dir, 'stdin.wav')));
    assert.deepEqual([fed.info.format, fed.info.bitsPerSample, fed.channels, fed.sampleRate, fed.info.declaredDataLength], ['pcm', 16, 2, 8000, 64000]);
    const table = law === 'ulaw' ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
    assert.deepEqual([...fed.samples], Array.from(bytes, (b) => table[b] ?? NaN), 'every sample, decoded by the G.711 table');
    const back = join(dir, `${law}-back.wav`);
    execFileSync('lame', ['--quiet', '--decode', mp3, back]);
    const s = decodeWav(readFileSync(back)).samples;
    assert.ok(Math.abs(s.length / 2 - 16000) < 1600, `length ${s.length / 2}`);
    assert.ok(goertzelRatio(channel(s, 0, 2000, 14000), 440, 8000) > 0.95, 'left 440 Hz');
    assert.ok(goertzelRatio(channel(s, 1, 2000, 14000), 1000, 8000) > 0.95, 'right 1 kHz');
  });
}

test('a PCM WAV goes to lame as a file; a recording cut short (crash) is fed up to its last whole frame', async () => {
  const pcm = join(dir, 'pcm.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', pcm, 'synth', '1', 'sine', '440']);
  await convertToMp3(pcm, { lamePath: spy });
  assert.equal(readFileSync(join(dir, 'args'), 'utf8').trim().split(' ')[4], pcm);
  // Header as of the last flush (0 bytes) and 8001 bytes on disk: 4000 whole stereo frames.
  const cut = join(dir, 'cut.wav');
  writeFileSync(cut, Buffer.concat([ulawWavHeader(8000, 2, 0), Buffer.alloc(8001, 0x80)]));
  rmSync(join(dir, 'stdin.wav'), { force: true });
  await convertToMp3(cut, { lamePath: spy });
  assert.equal(decodeWav(readFileSync(join(dir, 'stdin.wav'))).samples.length, 8000);
});

test('lame failing on a G.711 feed (it exits at once) rejects, without hanging', async () => {
  const wav = join(dir, 'fail.wav');
  writeFileSync(wav, encodeWavUlaw(new Uint8Array(400_000).fill(0x80), 8000, 2));
  const quitter = join(dir, 'quit.sh');
  writeFileSync(quitter, '#!/bin/sh\necho "bad input" >&2\nexit 3\n');
  chmodSync(quitter, 0o755);
  await assert.rejects(convertToMp3(wav, { lamePath: quitter }), /lame failed .*\(3\): bad input/);
  assert.ok(existsSync(wav), 'the WAV is kept');
  await assert.rejects(convertToMp3(wav, { lamePath: join(dir, 'no-such-lame') }), /lame could not start/);
});
