import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelAligner, type SamplesOf } from '../../../src/media/recorder/channel-aligner.ts';
import { ALAW_TO_LINEAR, decodeG711, ULAW_TO_LINEAR } from '../../../src/media/codec/g711-tables.ts';
import { linearToAlaw, linearToUlaw, ulawToLinear } from '../../../src/media/codec/g711.ts';
import { RECORDING_FORMATS, type RecordingFormat } from '../../../src/media/wav/wav-header.ts';

// Every behaviour runs for both timeline formats. Output is read back as linear values (µ-law
// decoded), and the inputs are values that µ-law keeps exactly, so each check is as strict for
// µ-law as for 16-bit PCM; gaps are additionally checked to be the µ-law silence byte itself.

/** The 254 distinct non-zero linear values µ-law codes decode to (0x7f and 0xff both decode to 0). */
const ULAW_LEVELS = Array.from({ length: 256 }, (_, c) => c)
  .filter((c) => c !== 0x7f && c !== 0xff)
  .map((c) => ulawToLinear(c));

interface Fmt {
  /** Sample n of a test signal where neighbours differ (a misplaced sample shows). */
  ramp(n: number): number;
  /** The linear values of a timeline output. */
  read(out: Int16Array | Uint8Array): number[];
  /** A level µ-law keeps exactly, near `v` (identity for PCM). */
  level(v: number): number;
  silenceByte: number;
}

const FMTS: Record<RecordingFormat, Fmt> = {
  pcm16: { ramp: (n) => (n % 30000) + 1, read: (out) => [...out], level: (v) => v, silenceByte: 0 },
  ulaw: {
    ramp: (n) => ULAW_LEVELS[n % ULAW_LEVELS.length] ?? 0,
    read: (out) => Array.from(out, (b) => ULAW_TO_LINEAR[b] ?? NaN),
    level: (v) => ulawToLinear(linearToUlaw(v)),
    silenceByte: 0xff,
  },
};

test('µ-law keeps the test levels exactly (the premise of the parametrised checks)', () => {
  assert.equal(new Set(ULAW_LEVELS).size, 254);
  for (const v of ULAW_LEVELS) assert.equal(ulawToLinear(linearToUlaw(v)), v);
});

for (const format of RECORDING_FORMATS) {
  const f = FMTS[format];
  const L = (v: number): number => f.level(v);
  const frameOf = (v: number): Int16Array => new Int16Array(160).fill(L(v));
  /** Frame k of the ramp: samples k*160 … k*160+159 of the signal. */
  const rampFrame = (k: number): Int16Array => Int16Array.from({ length: 160 }, (_, i) => f.ramp(k * 160 + i));
  const aligner = (opts: { channels: 1 | 2; startMs: number; holdBackMs?: number; windowMs?: number; sink?: (v: SamplesOf<RecordingFormat>) => void }): ChannelAligner<RecordingFormat> =>
    new ChannelAligner<RecordingFormat>({ ...opts, format });
  const left = (stereo: Int16Array | Uint8Array): number[] => f.read(stereo).filter((_, i) => i % 2 === 0);

  test(`${format}: jittered, reordered frames land by timestamp: the ramp comes out intact`, () => {
    const al = aligner({ channels: 2, startMs: 0 });
    assert.equal(al.format, format);
    const order = [0, 2, 1, 3, 5, 4, 6, 7, 9, 8];
    const out: number[] = [];
    for (const [j, k] of order.entries()) {
      const arrivalMs = 20 * (j + 1) + (j % 3) * 7; // 0–14 ms of jitter
      al.push(0, rampFrame(k), { arrivalMs, timestamp: 5000 + k * 160, ssrc: 1 });
      out.push(...left(al.drain(arrivalMs)));
    }
    out.push(...left(al.finish(200)));
    assert.equal(out.length, 1600);
    assert.deepEqual(out, Array.from({ length: 1600 }, (_, i) => f.ramp(i)));
  });

  test(`${format}: gaps (lost packets, a silent side) are silence; the right channel is independent`, () => {
    const al = aligner({ channels: 2, startMs: 1000 });
    // Left: frames 0,1 then 3 (2 lost). Right: only frame 2.
    for (const k of [0, 1, 3]) al.push(0, frameOf(1000), { arrivalMs: 1000 + 20 * (k + 1), timestamp: k * 160, ssrc: 7 });
    al.push(1, frameOf(-500), { arrivalMs: 1060, timestamp: 99, ssrc: 8 });
    const raw = al.finish(1100);
    const s = f.read(raw);
    assert.equal(s.length, 800 * 2);
    const Lc = s.filter((_, i) => i % 2 === 0);
    const R = s.filter((_, i) => i % 2 === 1);
    assert.ok(Lc.slice(0, 320).every((v) => v === L(1000)));
    assert.ok(Lc.slice(320, 480).every((v) => v === 0));
    assert.ok(Lc.slice(480, 640).every((v) => v === L(1000)));
    assert.ok(Lc.slice(640).every((v) => v === 0));
    assert.ok(R.slice(320, 480).every((v) => v === L(-500)));
    assert.equal(R.filter((v) => v !== 0).length, 160);
    // The gaps are the format's silence itself (µ-law 0xFF, not the other zero code 0x7F).
    assert.equal(raw[2 * 400], f.silenceByte);
    assert.equal(raw[2 * 700 + 1], f.silenceByte);
  });

  test(`${format}: a new SSRC or a timestamp jump re-anchors on arrival time`, () => {
    const al = aligner({ channels: 1, startMs: 0 });
    al.push(0, frameOf(1000), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
    // Same SSRC, timestamp jumps by 10 s while only 40 ms passed: placed by arrival.
    al.push(0, frameOf(2000), { arrivalMs: 60, timestamp: 80000, ssrc: 1 });
    // New SSRC with an unrelated timestamp: placed by arrival.
    al.push(0, frameOf(3000), { arrivalMs: 100, timestamp: 12345, ssrc: 2 });
    // No timestamp at all: follows the previous frame of the channel.
    al.push(0, frameOf(4000), { arrivalMs: 125 });
    al.push(0, frameOf(5000), { arrivalMs: 141 });
    const m = f.read(al.finish(200));
    assert.equal(m.length, 1600);
    assert.deepEqual([m[0], m[159], m[160], m[320], m[480], m[640], m[800], m[960], m[1120]], [L(1000), L(1000), 0, L(2000), 0, L(3000), 0, L(4000), L(5000)]);
  });

  test(`${format}: late frames after their place was written are dropped, not misplaced`, () => {
    const al = aligner({ channels: 1, startMs: 0, holdBackMs: 40 });
    al.push(0, frameOf(1000), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
    al.push(0, frameOf(2000), { arrivalMs: 40, timestamp: 160, ssrc: 1 });
    assert.equal(al.drain(200).length, 1600 - 320);
    al.push(0, frameOf(9000), { arrivalMs: 201, timestamp: 320, ssrc: 1 });
    assert.equal(al.lateDropped, 1);
  });

  test(`${format}: nobody drains for a long time: the window overflows into output, gaps stay silent`, () => {
    const al = aligner({ channels: 1, startMs: 0, windowMs: 100 });
    al.push(0, frameOf(1000), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
    al.push(0, frameOf(2000), { arrivalMs: 5020, timestamp: 40000, ssrc: 1 });
    const raw = al.finish(5020);
    const m = f.read(raw);
    assert.equal(m.length, 40160);
    assert.equal(m[0], L(1000));
    assert.equal(m[160], 0);
    assert.equal(m[39999], 0);
    assert.equal(m[40000], L(2000));
    assert.equal(raw[39999], f.silenceByte, 'silence past the window is the format silence');
  });

  test(`${format}: pushG711 puts the bytes into the timeline exactly like push of the decoded frame, across the ring wrap`, () => {
    // A 30 ms window: 20 ms frames keep crossing the ring's end.
    const viaBytes = aligner({ channels: 2, startMs: 0, windowMs: 30, holdBackMs: 0 });
    const viaPcm = aligner({ channels: 2, startMs: 0, windowMs: 30, holdBackMs: 0 });
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 20; k++) {
      // Every byte but µ-law's second zero code 0x7f (encoding its decoded 0 gives 0xff).
      const packet = Uint8Array.from({ length: 172 }, (_, i) => ((k * 31 + i * 7) & 0xff) === 0x7f ? 0x80 : (k * 31 + i * 7) & 0xff);
      const pcm = new Int16Array(160);
      decodeG711('ulaw', packet.subarray(12), pcm);
      const ch = (k % 2) as 0 | 1;
      const arrivalMs = 20 * (k + 1);
      viaBytes.pushG711(ch, packet, 12, 172, 'ulaw', arrivalMs, 4000 + k * 160, 9 + ch);
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
    assert.ok(f.read(Int16Array.from(a)).some((v) => v !== 0));
  });

  test(`${format}: PCMA bytes are recorded as their value (decoded, or transcoded to µ-law by table)`, () => {
    const al = aligner({ channels: 1, startMs: 0, holdBackMs: 0 });
    const alaw = Uint8Array.from({ length: 160 }, (_, i) => linearToAlaw(f.ramp(i)));
    al.pushG711(0, alaw, 0, 160, 'alaw', 20, 0, 1);
    const out = al.finish(20);
    const expected = Array.from(alaw, (c) => (format === 'ulaw' ? ulawToLinear(linearToUlaw(ALAW_TO_LINEAR[c] ?? 0)) : (ALAW_TO_LINEAR[c] ?? 0)));
    assert.deepEqual(f.read(out), expected);
    // Within a µ-law step of the A-law value: the transcoding loses no more than that.
    for (const [i, v] of f.read(out).entries()) assert.ok(Math.abs(v - (ALAW_TO_LINEAR[alaw[i] ?? 0] ?? 0)) <= Math.abs(v) / 16 + 16, `sample ${i}`);
  });

  test(`${format}: with a sink: views of the ring, each sample handed out once, the ring cleared behind`, () => {
    const got: number[] = [];
    const raw: number[] = [];
    let views = 0;
    const al = aligner({ channels: 1, startMs: 0, windowMs: 50, holdBackMs: 0, sink: (v) => { views++; got.push(...f.read(v)); raw.push(...v); } });
    al.push(0, frameOf(3000), { arrivalMs: 20, timestamp: 0, ssrc: 1 });
    assert.equal(al.drain(20).length, 0, 'with a sink drain returns nothing');
    assert.deepEqual(got, new Array(160).fill(L(3000)));
    // 300 ms later with nothing pushed: the ring slots that held the 3000s now give silence.
    al.finish(320);
    assert.equal(got.length, 320 * 8);
    assert.ok(got.slice(160).every((v) => v === 0));
    assert.ok(raw.slice(160).every((v) => v === f.silenceByte), 'cleared slots hold the format silence');
    assert.ok(views >= 2);
    assert.equal(al.bytes, 400 * (format === 'ulaw' ? 1 : 2));
  });
}
