import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtcpParseError, parseRtcp, serializeRtcp, type RtcpPacket } from '../../../src/media/rtp/rtcp-packet.ts';

const block = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -3,
  extendedHighestSeq: 0x0001fffe,
  jitter: 37,
  lastSr: 0xabcd1234,
  delaySinceLastSr: 65536,
};

test('SR + SDES CNAME compound: byte layout and round trip (RFC 3550 §6.4.1, §6.5)', () => {
  const compound: RtcpPacket[] = [
    {
      type: 'sr',
      ssrc: 0xcafebabe,
      sender: { ntpSeconds: 0xe0000000, ntpFraction: 0x80000000, rtpTimestamp: 160, packetCount: 50, octetCount: 8000 },
      reports: [block],
    },
    { type: 'sdes', chunks: [{ ssrc: 0xcafebabe, cname: 'hotline@127.0.0.1' }] },
  ];
  const bytes = serializeRtcp(compound);
  // SR: V=2, RC=1, PT=200, length = (28 + 24) / 4 - 1 = 12 words.
  assert.equal(bytes.readUInt16BE(0), 0x81c8);
  assert.equal(bytes.readUInt16BE(2), 12);
  // cumulative lost is signed 24 bits: -3 → 0xfffffd.
  assert.equal(bytes.readUIntBE(28 + 5, 3), 0xfffffd);
  assert.equal(bytes.length % 4, 0);
  assert.deepEqual(parseRtcp(bytes), compound);
});

test('RR, BYE with reason, and unknown types round trip', () => {
  const compound: RtcpPacket[] = [
    { type: 'rr', ssrc: 7, reports: [block, { ...block, ssrc: 9, cumulativeLost: 100 }] },
    { type: 'bye', ssrcs: [7], reason: 'hangup' },
    { type: 'other', packetType: 204, body: Buffer.from('00000001', 'hex') },
  ];
  assert.deepEqual(parseRtcp(serializeRtcp(compound)), compound);
  assert.deepEqual(parseRtcp(serializeRtcp([{ type: 'rr', ssrc: 7, reports: [] }])), [{ type: 'rr', ssrc: 7, reports: [] }]);
});

test('malformed RTCP is refused with RtcpParseError', () => {
  assert.throws(() => parseRtcp(Buffer.alloc(0)), RtcpParseError);
  assert.throws(() => parseRtcp(Buffer.from('81c9', 'hex')), RtcpParseError);
  assert.throws(() => parseRtcp(Buffer.from('41c90001 00000007'.replace(' ', ''), 'hex')), /version/);
  assert.throws(() => parseRtcp(Buffer.from('81c9000700000007', 'hex')), /length/);
  assert.throws(() => parseRtcp(Buffer.from('81c9000100000007', 'hex')), /report blocks/);
});

test('fuzz: random bytes never escape as anything but RtcpParseError', () => {
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 5000; i++) {
    const buf = Buffer.alloc(4 * (rnd() % 16));
    for (let j = 0; j < buf.length; j++) buf[j] = rnd() & 0xff;
    if (buf.length >= 4) {
      buf[0] = 0x80 | (buf[0]! & 0x1f);
      buf[1] = 200 + (rnd() % 5);
      buf.writeUInt16BE(rnd() % (buf.length / 4), 2);
    }
    try {
      parseRtcp(buf);
    } catch (err) {
      assert.ok(err instanceof RtcpParseError, String(err));
    }
  }
});
