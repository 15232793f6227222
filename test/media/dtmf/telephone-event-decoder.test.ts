import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { TelephoneEventDecoder, type TelephoneEventOutput, type TelephoneEventPacket } from '../../../src/media/dtmf/telephone-event-decoder.ts';
import { telephoneEventPackets } from '../../../src/media/dtmf/telephone-event-sender.ts';

/** A telephone-event packet from its four payload bytes as hex, as captured on the wire. */
const p = (timestamp: number, hex: string, marker = false): TelephoneEventPacket => ({ timestamp, marker, payload: Buffer.from(hex, 'hex') });

function run(packets: TelephoneEventPacket[], dec = new TelephoneEventDecoder()): TelephoneEventOutput[] {
  const out = packets.flatMap((pkt) => dec.process(pkt));
  return [...out, ...dec.flush()];
}
const begins = (out: TelephoneEventOutput[]): string => out.filter((o) => o.type === 'begin').map((o) => o.digit).join('');
const ends = (out: TelephoneEventOutput[]): Array<[string, number]> =>
  out.flatMap((o) => (o.type === 'end' ? [[o.digit, o.duration] as [string, number]] : []));

test('RFC 4733-style sequence: updates, end sent three times → one digit', () => {
  // Digit '9' at volume 7, 50 ms updates (400 units), ending at 1600 units: the shape of the
  // RFC's §5 example, byte by byte.
  const seq = [
    p(160, '09070000', true), p(160, '09070190'), p(160, '09070320'), p(160, '090704b0'),
    p(160, '09870640'), p(160, '09870640'), p(160, '09870640'),
  ];
  const out = run(seq);
  assert.deepEqual(out.map((o) => o.type), ['begin', 'end']);
  assert.deepEqual(ends(out), [['9', 1600]]);
  assert.equal(out[1]?.type === 'end' && out[1].durationMs, 200);
});

test('two presses of the same digit are two digits (timestamp identity)', () => {
  const seq = [
    p(1000, '05 0a 00 00'.replace(/ /g, ''), true), p(1000, '058a0320'), p(1000, '058a0320'), p(1000, '058a0320'),
    p(3000, '050a0000', true), p(3000, '058a0320'), p(3000, '058a0320'), p(3000, '058a0320'),
  ];
  assert.equal(begins(run(seq)), '55');
});

test('a long press with the same timestamp is one digit with the full duration', () => {
  const seq: TelephoneEventPacket[] = [];
  for (let d = 0; d <= 40000; d += 160) seq.push(p(80000, Buffer.from([0, 10, d >> 8, d & 255]).toString('hex'), d === 0));
  for (let i = 0; i < 3; i++) seq.push(p(80000, '008a9c40'));
  const out = run(seq);
  assert.equal(begins(out), '0');
  assert.deepEqual(ends(out), [['0', 40000]]);
});

test('lost start: first packets (with the marker) lost → digit still once', () => {
  const out = run([p(500, '02 0a 0280'.replace(/ /g, '')), p(500, '020a03c0'), p(500, '028a0500'), p(500, '028a0500'), p(500, '028a0500')]);
  assert.equal(begins(out), '2');
  assert.equal(ends(out).length, 1);
});

test('only an end packet arrives → begin and end together, retransmissions swallowed', () => {
  const out = run([p(900, '0b8a0500'), p(900, '0b8a0500'), p(900, '0b8a0500')]);
  assert.deepEqual(out.map((o) => o.type + o.digit), ['begin#', 'end#']);
});

test('lost end packets: the next event closes the previous one; flush closes the last', () => {
  const dec = new TelephoneEventDecoder();
  const a = [p(100, '030a0000', true), p(100, '030a00a0'), p(2000, '040a0000', true), p(2000, '040a00a0')].flatMap((x) => dec.process(x));
  assert.deepEqual(a.map((o) => o.type + o.digit), ['begin3', 'end3', 'begin4']);
  assert.deepEqual(dec.flush().map((o) => o.type + o.digit), ['end4']);
  assert.deepEqual(dec.flush(), []);
});

test('late, reordered retransmissions of an old event are not counted again', () => {
  const seq = [
    p(100, '010a0000', true), p(100, '018a0320'),
    p(2000, '020a0000', true),
    p(100, '018a0320'), // late retransmission of '1'
    p(2000, '028a0320'), p(100, '018a0320'), p(2000, '028a0320'),
  ];
  assert.equal(begins(run(seq)), '12');
});

test('garbage, short payloads and non-DTMF events are ignored without throwing', () => {
  const dec = new TelephoneEventDecoder();
  const out = run([p(1, '01'), p(2, ''), p(3, '200a0000'), p(4, 'ff8affff'), p(5, '070a0000', true), p(5, '078a0320')], dec);
  assert.equal(begins(out), '7');
  assert.equal(dec.ignored, 4);
});

test('timestamps wrap around 2^32 without confusion', () => {
  const seq = [p(0xffffff00, '010a0000', true), p(0xffffff00, '018a0320'), p(0x00000200, '020a0000', true), p(0x00000200, '028a0320')];
  assert.equal(begins(run(seq)), '12');
});

test('a sender restart (timestamps jump far back) is a new stream, not stale', () => {
  const seq = [p(5_000_000, '010a0000', true), p(5_000_000, '018a0320'), p(1000, '020a0000', true), p(1000, '028a0320')];
  assert.equal(begins(run(seq)), '12');
});

test('sender → decoder round trip for all digits, incl. a segmented very long event', () => {
  const dec = new TelephoneEventDecoder();
  let ts = 1234;
  const out: TelephoneEventOutput[] = [];
  for (const digit of '0123456789*#ABCD') {
    for (const pkt of telephoneEventPackets(digit, { durationMs: 120 })) out.push(...dec.process({ timestamp: ts + pkt.timestampOffset, marker: pkt.marker, payload: pkt.payload }));
    ts += 2400;
  }
  assert.equal(begins(out), '0123456789*#ABCD');
  assert.ok(ends(out).every(([, d]) => d === 960));
  // 20 s > 0xFFFF units (8.19 s): three segments with following timestamps, one key press.
  const long = telephoneEventPackets('5', { durationMs: 20000 });
  assert.deepEqual([...new Set(long.map((x) => x.timestampOffset))], [0, 65535, 131070]);
  const longOut = long.flatMap((pkt) => dec.process({ timestamp: ts + pkt.timestampOffset, marker: pkt.marker, payload: pkt.payload }));
  longOut.push(...dec.flush());
  assert.equal(begins(longOut), '5');
  assert.deepEqual(ends(longOut), [['5', 160000]]);
});

test('sender packet plan: marker first, three end packets at the update interval', () => {
  const pk = telephoneEventPackets('#', { durationMs: 100 });
  assert.deepEqual(pk.map((x) => x.offsetMs), [0, 20, 40, 60, 80, 100, 120, 140]);
  assert.deepEqual(pk.map((x) => x.marker), [true, false, false, false, false, false, false, false]);
  assert.deepEqual(pk.map((x) => x.payload.toString('hex')), ['0b0a0000', '0b0a00a0', '0b0a0140', '0b0a01e0', '0b0a0280', '0b8a0320', '0b8a0320', '0b8a0320']);
  assert.throws(() => telephoneEventPackets('x'));
});

/** RTP telephone-event packets from an Ethernet/IPv4/UDP pcap (SIPp's recorded DTMF captures). */
function pcapPackets(path: string): TelephoneEventPacket[] {
  const d = readFileSync(path);
  const out: TelephoneEventPacket[] = [];
  for (let o = 24; o + 16 <= d.length; ) {
    const incl = d.readUInt32LE(o + 8);
    const frame = d.subarray(o + 16, o + 16 + incl);
    o += 16 + incl;
    const ip = frame.subarray(14);
    const rtp = ip.subarray(((ip[0] ?? 0) & 15) * 4 + 8);
    if (((rtp[1] ?? 0) & 0x7f) !== 101) continue;
    out.push({ timestamp: rtp.readUInt32BE(4), marker: ((rtp[1] ?? 0) & 0x80) !== 0, payload: rtp.subarray(12) });
  }
  return out;
}

const PCAPS = '/usr/share/sip-tester';
const names = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'star', 'pound'];
test('SIPp recorded captures (dtmf_2833_*.pcap): every digit exactly once', { skip: !existsSync(PCAPS) && 'sip-tester not installed' }, () => {
  let all = '';
  for (const n of names) {
    // Each capture is its own RTP stream (own timestamps): a fresh decoder, as for a new SSRC.
    const dec = new TelephoneEventDecoder();
    const pkts = pcapPackets(`${PCAPS}/dtmf_2833_${n}.pcap`);
    assert.equal(pkts.filter((x) => x.payload[1] !== undefined && (x.payload[1] & 0x80) !== 0).length, 3, 'three end packets in the capture');
    const out = run(pkts, dec);
    all += begins(out);
    assert.equal(ends(out).length, 1);
  }
  assert.equal(all, '0123456789*#');
});

test('fuzz: random packets never throw and never report a non-digit', () => {
  let seed = 3;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const dec = new TelephoneEventDecoder();
  for (let i = 0; i < 20000; i++) {
    const payload = Buffer.from(Array.from({ length: rand(7) }, () => rand(256)));
    for (const o of dec.process({ timestamp: rand(4) * 800 + (i >> 6) * 4000, marker: rand(2) === 0, payload })) {
      assert.match(o.digit, /^[0-9*#A-DF]$/);
    }
  }
});
