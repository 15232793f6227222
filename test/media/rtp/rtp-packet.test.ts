import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpParseError, looksLikeRtcp, parseRtp, rtpPayloadBounds, serializeRtp, type RtpPacket } from '../../../src/media/rtp/rtp-packet.ts';

// A PCMU packet as a phone sends it: V=2, no P/X/CC, M=1, PT=0, seq 0x1234, ts 0x00000a0,
// SSRC 0xdeadbeef, 4 payload bytes.
const MINIMAL = Buffer.from('80801234000000a0deadbeef' + 'fffefdfc', 'hex');

test('parses the fixed header field by field (RFC 3550 §5.1)', () => {
  const p = parseRtp(MINIMAL);
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 0);
  assert.equal(p.sequenceNumber, 0x1234);
  assert.equal(p.timestamp, 0xa0);
  assert.equal(p.ssrc, 0xdeadbeef);
  assert.deepEqual(p.csrcs, []);
  assert.equal(p.extension, undefined);
  assert.deepEqual([...p.payload], [0xff, 0xfe, 0xfd, 0xfc]);
  assert.equal(p.paddingLength, 0);
  assert.deepEqual(serializeRtp(p), MINIMAL);
});

test('CSRC list, header extension and padding survive a byte round trip', () => {
  const packet: RtpPacket = {
    marker: false,
    payloadType: 101,
    sequenceNumber: 65535,
    timestamp: 0xffffffff,
    ssrc: 1,
    csrcs: [0x11111111, 0x22222222, 0x33333333],
    extension: { profile: 0xbede, data: Buffer.from('0102030405060708', 'hex') },
    payload: Buffer.from([1, 2, 3]),
    paddingLength: 5,
  };
  const bytes = serializeRtp(packet);
  assert.equal(bytes[0], 0x80 | 0x20 | 0x10 | 3);
  assert.equal(bytes.length, 12 + 12 + 4 + 8 + 3 + 5);
  assert.equal(bytes[bytes.length - 1], 5);
  assert.deepEqual(parseRtp(bytes), packet);
  assert.deepEqual(serializeRtp(parseRtp(bytes)), bytes);
  const bounds = rtpPayloadBounds(bytes);
  assert.deepEqual(bounds, { start: 36, end: 39 });
});

test('rejects what §5.1 does not allow', () => {
  assert.throws(() => parseRtp(Buffer.alloc(11)), RtpParseError);
  assert.throws(() => parseRtp(Buffer.from('40001234000000a0deadbeef', 'hex')), /version 1/);
  assert.throws(() => parseRtp(Buffer.from('83001234000000a0deadbeef00000001', 'hex')), /CSRC/);
  assert.throws(() => parseRtp(Buffer.from('90001234000000a0deadbeefbede0002', 'hex')), /extension/);
  assert.throws(() => parseRtp(Buffer.from('a0001234000000a0deadbeef00', 'hex')), /padding/);
  assert.throws(() => parseRtp(Buffer.from('a0001234000000a0deadbeef09', 'hex')), /padding/);
});

test('fuzz: random bytes never escape as anything but RtpParseError', () => {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 5000; i++) {
    const buf = Buffer.alloc(rnd() % 64);
    for (let j = 0; j < buf.length; j++) buf[j] = rnd() & 0xff;
    if (buf.length > 0 && i % 2 === 0) buf[0] = 0x80 | (buf[0]! & 0x3f);
    try {
      const p = parseRtp(buf);
      assert.deepEqual(parseRtp(serializeRtp(p)), p);
    } catch (err) {
      assert.ok(err instanceof RtpParseError, String(err));
    }
    rtpPayloadBounds(buf);
  }
});

test('tells RTCP from RTP by the second byte (RFC 5761 §4)', () => {
  assert.equal(looksLikeRtcp(Buffer.from('80c80006', 'hex')), true);
  assert.equal(looksLikeRtcp(Buffer.from('80c90001', 'hex')), true);
  assert.equal(looksLikeRtcp(MINIMAL), false);
});
