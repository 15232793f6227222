import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpOutputStream } from '../../../src/media/rtp/rtp-output-stream.ts';

function stream(): RtpOutputStream {
  return new RtpOutputStream({ ssrc: 0xabc, initialSeq: 65534, initialTs: 0xfffffe00, clockRate: 8000, frameSamples: 160 });
}

test('one source: sequence and timestamp follow the source, marker only on the first packet', () => {
  const out = stream();
  const a = out.stamp('prompt', 0, 0, false, 0);
  assert.deepEqual(a, { seq: 65534, ts: 0xfffffe00, marker: true });
  const b = out.stamp('prompt', 1, 160, false, 20);
  assert.deepEqual(b, { seq: 65535, ts: (0xfffffe00 + 160) % 2 ** 32, marker: false });
  const c = out.stamp('prompt', 2, 320, false, 40);
  assert.deepEqual(c, { seq: 0, ts: (0xfffffe00 + 320) % 2 ** 32, marker: false });
});

test('source switch prompt → ringback → bridged party: continuous seq, ts advanced by wall time, marker set', () => {
  const out = stream();
  for (let i = 0; i < 5; i++) out.stamp('prompt', i, i * 160, false, i * 20);
  const last = out.stamp('prompt', 5, 800, false, 100);
  // Ringback starts 60 ms after the last prompt packet, with its own numbering.
  const r0 = out.stamp('ringback', 0, 0, false, 160);
  assert.equal(r0.seq, (last.seq + 1) % 65536);
  assert.equal(r0.ts, (last.ts + 480) % 2 ** 32);
  assert.equal(r0.marker, true);
  const r1 = out.stamp('ringback', 1, 160, false, 180);
  assert.equal(r1.seq, (r0.seq + 1) % 65536);
  assert.equal(r1.ts, (r0.ts + 160) % 2 ** 32);
  assert.equal(r1.marker, false);
  // The answering phone's stream: random SSRC numbering; switching right away still advances one frame.
  const p0 = out.stamp(0x55555555, 40000, 123456789, false, 180);
  assert.equal(p0.seq, (r1.seq + 1) % 65536);
  assert.equal(p0.ts, (r1.ts + 160) % 2 ** 32);
  assert.equal(p0.marker, true);
  const p1 = out.stamp(0x55555555, 40001, 123456789 + 160, false, 200);
  assert.equal(p1.seq, (p0.seq + 1) % 65536);
  assert.equal(p1.ts, (p0.ts + 160) % 2 ** 32);
});

test('a reordered packet keeps its place and does not pull the stream back', () => {
  const out = stream();
  out.stamp('x', 10, 1600, false, 0);
  const b = out.stamp('x', 12, 1920, false, 40);
  const late = out.stamp('x', 11, 1760, false, 45);
  assert.equal(late.seq, (b.seq - 1 + 65536) % 65536);
  const next = out.stamp('y', 0, 0, false, 60);
  assert.equal(next.seq, (b.seq + 1) % 65536);
});

test('rewrite writes seq, ts, SSRC, marker and PT into the packet', () => {
  const out = stream();
  const buf = Buffer.from('80001234000000a0deadbeefff', 'hex');
  out.rewrite(buf, { seq: 7, ts: 8, marker: true }, 8, buf.length);
  assert.equal(buf.toString('hex'), '808800070000000800000abcff');
  assert.equal(out.packets, 1);
  assert.equal(out.octets, 13);
});
