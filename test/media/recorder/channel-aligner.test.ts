import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelAligner } from '../../../src/media/recorder/channel-aligner.ts';
import { decodeG711, g711DecodeTable } from '../../../src/media/codec/g711-tables.ts';

/** Frame k of a ramp: sample values k*160+1 … k*160+160, so any misplacement shows. */
const rampFrame = (k: number): Int16Array => Int16Array.from({ length: 160 }, (_, i) => ((k * 160 + i) % 30000) + 1);

function left(stereo: Int16Array): number[] {
  return Array.from({ length: stereo.length / 2 }, (_, i) => stereo[2 * i] ?? 0);
}

test('jittered, reordered frames land by timestamp: the ramp comes out intact', () => {
  const al = new ChannelAligner({ channels: 2, startMs: 0 });
  const order = [0, 2, 1, 3, 5, 4, 6, 7, 9, 8];
  const out: number[] = [];
  for (const [j, k] of order.entries()) {
    const arrivalMs = 20 * (j + 1) + (j % 3) * 7; // 0–14 ms of jitter
    al.push(0, rampFrame(k), { arrivalMs, timestamp: 5000 + k * 160, ssrc: 1 });
    out.push(...left(al.drain(arrivalMs)));
  }
  out.push(...left(al.finish(200)));
  assert.equal(out.length, 1600);
  assert.deepEqual(out, Array.from({ length: 1600 }, (_, i) => i + 1));
});

test('gaps (lost packets, a silent side) are silence; the right channel is independent', () => {
  const al = new ChannelAligner({ channels: 2, startMs: 1000 });
  // Left: frames 0,1 then 3 (2 lost). Right: only frame 2.
  for (const k of [0, 1, 3]) al.push(0, new Int16Array(160).fill(100), { arrivalMs: 1000 + 20 * (k + 1), timestamp: k * 160, ssrc: 7 });
  al.push(1, new Int16Array(160).fill(-5), { arrivalMs: 1060, timestamp: 99, ssrc: 8 });
  const s = al.finish(1100);
  assert.equal(s.length, 800 * 2);
  const L = left(s);
  const R = Array.from({ length: 800 }, (_, i) => s[2 * i + 1]);
  assert.ok(L.slice(0, 320).every((v) => v === 100));
  assert.ok(L.slice(320, 480).every((v) => v === 0));
  assert.ok(L.slice(480, 640).every((v) => v === 100));
  assert.ok(L.slice(640).every((v) => v === 0));
  assert.ok(R.slice(320, 480).every((v) => v === -5));
  assert.equal(R.filter((v) => v !== 0).length, 160);
});

test('a new SSRC or a timestamp jump re-anchors on arrival time', () => {
  const al = new ChannelAligner({ channels: 1, startMs: 0 });
  al.push(0, new Int16Array(160).fill(1), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
  // Same SSRC, timestamp jumps by 10 s while only 40 ms passed: placed by arrival.
  al.push(0, new Int16Array(160).fill(2), { arrivalMs: 60, timestamp: 80000, ssrc: 1 });
  // New SSRC with an unrelated timestamp: placed by arrival.
  al.push(0, new Int16Array(160).fill(3), { arrivalMs: 100, timestamp: 12345, ssrc: 2 });
  // No timestamp at all: follows the previous frame of the channel.
  al.push(0, new Int16Array(160).fill(4), { arrivalMs: 125 });
  al.push(0, new Int16Array(160).fill(5), { arrivalMs: 141 });
  const m = [...al.finish(200)];
  assert.equal(m.length, 1600);
  assert.deepEqual([m[0], m[159], m[160], m[320], m[480], m[640], m[800], m[960], m[1120]], [1, 1, 0, 2, 0, 3, 0, 4, 5]);
});

test('late frames after their place was written are dropped, not misplaced', () => {
  const al = new ChannelAligner({ channels: 1, startMs: 0, holdBackMs: 40 });
  al.push(0, new Int16Array(160).fill(1), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
  al.push(0, new Int16Array(160).fill(2), { arrivalMs: 40, timestamp: 160, ssrc: 1 });
  assert.equal(al.drain(200).length, 1600 - 320);
  al.push(0, new Int16Array(160).fill(9), { arrivalMs: 201, timestamp: 320, ssrc: 1 });
  assert.equal(al.lateDropped, 1);
});

test('nobody drains for a long time: the window overflows into output, gaps stay silent', () => {
  const al = new ChannelAligner({ channels: 1, startMs: 0, windowMs: 100 });
  al.push(0, new Int16Array(160).fill(1), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
  al.push(0, new Int16Array(160).fill(2), { arrivalMs: 5020, timestamp: 40000, ssrc: 1 });
  const m = al.finish(5020);
  assert.equal(m.length, 40160);
  assert.equal(m[0], 1);
  assert.equal(m[160], 0);
  assert.equal(m[39999], 0);
  assert.equal(m[40000], 2);
});

test('pushG711 decodes into the timeline exactly like push of the decoded frame, across the ring wrap', () => {
  const table = g711DecodeTable('ulaw');
  // A 30 ms window: 20 ms frames keep crossing the ring's end.
  const viaBytes = new ChannelAligner({ channels: 2, startMs: 0, windowMs: 30, holdBackMs: 0 });
  const viaPcm = new ChannelAligner({ channels: 2, startMs: 0, windowMs: 30, holdBackMs: 0 });
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < 20; k++) {
    const packet = Uint8Array.from({ length: 172 }, (_, i) => (k * 31 + i * 7) & 0xff);
    const pcm = new Int16Array(160);
    decodeG711('ulaw', packet.subarray(12), pcm);
    const ch = (k % 2) as 0 | 1;
    const arrivalMs = 20 * (k + 1);
    viaBytes.pushG711(ch, packet, 12, 172, table, arrivalMs, 4000 + k * 160, 9 + ch);
    viaPcm.push(ch, pcm, { arrivalMs, timestamp: 4000 + k * 160, ssrc: 9 + ch });
    if (k % 3 === 2) {
      a.push(...viaBytes.drain(arrivalMs));
      b.push(...viaPcm.drain(arrivalMs));
    }
  }
  a.push(...viaBytes.finish(420));
  b.push(...viaPcm.finish(420));
  assert.equal(a.length, 420 * 8 * 2);
  assert.deepEqual(a, b);
  assert.ok(a.some((v) => v !== 0));
});

test('with a sink: views of the ring, each sample handed out once, the ring cleared behind', () => {
  const got: number[] = [];
  let views = 0;
  const al = new ChannelAligner({ channels: 1, startMs: 0, windowMs: 50, holdBackMs: 0, sink: (v) => { views++; got.push(...v); } });
  al.push(0, new Int16Array(160).fill(3), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
  assert.equal(al.drain(20).length, 0, 'with a sink drain returns nothing');
  assert.deepEqual(got, new Array(160).fill(3));
  // 300 ms later with nothing pushed: the ring slots that held the 3s now give silence.
  al.finish(320);
  assert.equal(got.length, 320 * 8);
  assert.ok(got.slice(160).every((v) => v === 0));
  assert.ok(views >= 2);
  assert.equal(al.bytes, 400 * 2);
});
