import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from '../../../src/media/codec/g711.ts';
import {
  ALAW_TO_ULAW,
  ULAW_TO_ALAW,
  decodeG711,
  decodeG711Strided,
  encodeG711,
  g711DecodeTable,
  silenceByte,
  transcodeG711InPlace,
} from '../../../src/media/codec/g711-tables.ts';

// ITU-T G.711 Table 2a (A-law) decision/decoder values in 13-bit units, written out from the table
// layout: segment 0 and 1 step 2, segment s ≥ 2 step 2^s; the decoder output is the interval middle.
function refAlawMagnitude13(seg: number, q: number): number {
  const step = seg <= 1 ? 2 : 2 ** seg;
  const start = seg === 0 ? 0 : 2 ** (seg + 4);
  return start + q * step + step / 2;
}
// ITU-T G.711 Table 2b (µ-law) in 14-bit units: segment s starts at 2^(s+5) − 33 (the 33 bias),
// step 2^(s+1); the decoder output is the interval middle (segment 0: 0, 2, 4 … 30).
function refUlawMagnitude14(seg: number, q: number): number {
  const step = 2 ** (seg + 1);
  const start = 2 ** (seg + 5) - 33;
  return start + q * step + step / 2;
}

test('µ-law decoder output matches the G.711 Table 2b values for all 256 codes', () => {
  for (let code = 0; code < 256; code++) {
    const u = ~code & 0xff;
    const sign = u & 0x80 ? -1 : 1;
    const seg = (u >> 4) & 7;
    const q = u & 0x0f;
    assert.equal(ulawToLinear(code), sign * refUlawMagnitude14(seg, q) * 4 || 0, `code 0x${code.toString(16)}`);
  }
  // Well-known anchors: 0x00 and 0x80 are the extremes, 0xFF and 0x7F are the two zeros.
  assert.equal(ulawToLinear(0x00), -32124);
  assert.equal(ulawToLinear(0x80), 32124);
  assert.equal(ulawToLinear(0xff), 0);
  assert.equal(ulawToLinear(0x7f), 0);
});

test('A-law decoder output matches the G.711 Table 2a values for all 256 codes', () => {
  for (let code = 0; code < 256; code++) {
    const a = code ^ 0x55;
    const sign = a & 0x80 ? 1 : -1;
    const seg = (a >> 4) & 7;
    const q = a & 0x0f;
    assert.equal(alawToLinear(code), sign * refAlawMagnitude13(seg, q) * 8, `code 0x${code.toString(16)}`);
  }
  assert.equal(alawToLinear(0xd5), 8);
  assert.equal(alawToLinear(0x55), -8);
  assert.equal(alawToLinear(0xaa), 32256);
  assert.equal(alawToLinear(0x2a), -32256);
});

test('exhaustive decode → encode round trip of all 256 codes of each law', () => {
  for (let code = 0; code < 256; code++) {
    // µ-law 0x7F is "negative zero"; it decodes to 0, which encodes as the positive zero 0xFF.
    assert.equal(linearToUlaw(ulawToLinear(code)), code === 0x7f ? 0xff : code, `µ 0x${code.toString(16)}`);
    assert.equal(linearToAlaw(alawToLinear(code)), code, `A 0x${code.toString(16)}`);
  }
});

test('encoding is monotonic and each sample lands in the nearest decision interval', () => {
  let prevU = -Infinity;
  let prevA = -Infinity;
  for (let x = -32768; x <= 32767; x++) {
    const du = ulawToLinear(linearToUlaw(x));
    const da = alawToLinear(linearToAlaw(x));
    assert.ok(du >= prevU && da >= prevA, `monotonic at ${x}`);
    prevU = du;
    prevA = da;
    // Quantisation error is bounded by half the largest step (segment 7: 1024 for µ, 1024 for A in 16-bit).
    if (Math.abs(x) < 32000) {
      assert.ok(Math.abs(du - x) <= 1024 + 132, `µ error at ${x}: ${du}`);
      assert.ok(Math.abs(da - x) <= 1024, `A error at ${x}: ${da}`);
    }
  }
});

test('agrees with sox, an independent G.711 implementation, on all 256 codes', (t) => {
  if (spawnSync('sox', ['--version']).status !== 0) {
    t.skip('sox is not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'g711-'));
  try {
    const codes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const [law, decode] of [['ul', ulawToLinear], ['al', alawToLinear]] as const) {
      writeFileSync(join(dir, `in.${law}`), codes);
      const r = spawnSync('sox', ['-t', law, '-r', '8000', '-c', '1', join(dir, `in.${law}`), '-t', 's16', '-e', 'signed', '-L', join(dir, 'out.raw')]);
      assert.equal(r.status, 0, r.stderr.toString());
      const out = readFileSync(join(dir, 'out.raw'));
      for (let c = 0; c < 256; c++) assert.equal(decode(c), out.readInt16LE(c * 2), `${law} 0x${c.toString(16)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PCMU↔PCMA transcoding tables go through linear; silence stays (near) silence', () => {
  for (let c = 0; c < 256; c++) {
    assert.equal(ULAW_TO_ALAW[c], linearToAlaw(ulawToLinear(c)));
    assert.equal(ALAW_TO_ULAW[c], linearToUlaw(alawToLinear(c)));
  }
  assert.equal(ULAW_TO_ALAW[silenceByte('ulaw')], silenceByte('alaw'));
  // A-law has no zero: its smallest value (+8) lands on the µ-law code next to zero.
  assert.equal(ALAW_TO_ULAW[silenceByte('alaw')], 0xfe);
  // A µ-law → A-law → µ-law trip moves a code by at most one step.
  for (let c = 0; c < 256; c++) {
    const back = ALAW_TO_ULAW[ULAW_TO_ALAW[c]!]!;
    const step = Math.abs(ulawToLinear(back) - ulawToLinear(c));
    assert.ok(step <= 2 ** (((~c >> 4) & 7) + 3), `0x${c.toString(16)} → 0x${back.toString(16)}`);
  }
  const bytes = Uint8Array.from([0x00, 0x80, 0xff, 0x7f]);
  transcodeG711InPlace('ulaw', 'alaw', bytes, 1, 3);
  assert.deepEqual([...bytes], [0x00, ULAW_TO_ALAW[0x80], ULAW_TO_ALAW[0xff], 0x7f]);
});

test('frame encode/decode helpers', () => {
  const pcm = Int16Array.from([0, 1000, -1000, 32767, -32768]);
  const bytes = new Uint8Array(pcm.length);
  encodeG711('alaw', pcm, bytes);
  assert.deepEqual([...bytes], [...pcm].map(linearToAlaw));
  const back = new Int16Array(pcm.length);
  decodeG711('alaw', bytes, back);
  assert.deepEqual([...back], [...bytes].map(alawToLinear));
  encodeG711('ulaw', pcm, bytes);
  decodeG711('ulaw', bytes, back);
  assert.deepEqual([...back], [...bytes].map(ulawToLinear));
});

test('decodeG711Strided: one channel of an interleaved buffer, the other slots untouched, same values as decodeG711', () => {
  const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff);
  const mono = new Int16Array(10);
  decodeG711('ulaw', bytes.subarray(5, 15), mono);
  const stereo = new Int16Array(24).fill(7);
  decodeG711Strided(g711DecodeTable('ulaw'), bytes, 5, 15, stereo, 3, 2);
  for (let i = 0; i < 10; i++) assert.equal(stereo[3 + 2 * i], mono[i]);
  assert.deepEqual([stereo[0], stereo[1], stereo[2], stereo[4], stereo[22], stereo[23]], [7, 7, 7, 7, 7, 7]);
  assert.equal(g711DecodeTable('alaw')[0xd5], 8);
  assert.equal(g711DecodeTable('ulaw')[0xff], 0);
});
