import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSdp } from '../../../src/media/sdp/sdp-parse.ts';
import { serializeSdp } from '../../../src/media/sdp/sdp-serialize.ts';
import { SdpParseError } from '../../../src/media/sdp/sdp-session.ts';

// RFC 4566 §5 example, plus the lines a carrier's offer carries.
const EXAMPLE = [
  'v=0',
  'o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5',
  's=SDP Seminar',
  'i=A Seminar on the session description protocol',
  'u=http://www.example.com/seminars/sdp.pdf',
  'e=j.doe@example.com (Jane Doe)',
  'c=IN IP4 224.2.17.12/127',
  'b=AS:64',
  't=2873397496 2873404696',
  'a=recvonly',
  'm=audio 49170 RTP/AVP 0 8 101',
  'b=TIAS:64000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'm=video 51372/2 RTP/AVP 99',
  'c=IN IP6 2001:db8::1',
  'a=rtpmap:99 h263-1998/90000',
  '',
].join('\r\n');

test('parses the RFC 4566 example into its fields', () => {
  const s = parseSdp(EXAMPLE);
  assert.equal(s.origin.sessionId, '2890844526');
  assert.equal(s.origin.address, '10.47.16.5');
  assert.deepEqual(s.connection, { netType: 'IN', addrType: 'IP4', address: '224.2.17.12' });
  assert.deepEqual(s.timing, { start: '2873397496', stop: '2873404696' });
  assert.deepEqual(s.attributes, [{ name: 'recvonly' }]);
  assert.equal(s.media.length, 2);
  const [audio, video] = s.media;
  assert.deepEqual(audio?.formats, ['0', '8', '101']);
  assert.equal(audio?.port, 49170);
  assert.deepEqual(audio?.attributes[0], { name: 'rtpmap', value: '101 telephone-event/8000' });
  assert.deepEqual(audio?.other, [{ type: 'b', value: 'TIAS:64000' }]);
  assert.equal(video?.portCount, 2);
  assert.equal(video?.connection?.address, '2001:db8::1');
});

test('serialise(parse(x)) keeps every line, in RFC 4566 order, CRLF-terminated', () => {
  const again = serializeSdp(parseSdp(EXAMPLE));
  // The multicast TTL suffix is dropped; everything else comes back byte for byte.
  assert.equal(again, EXAMPLE.replace('224.2.17.12/127', '224.2.17.12'));
  assert.deepEqual(parseSdp(again), parseSdp(EXAMPLE));
});

test('accepts bare LF line ends', () => {
  const s = parseSdp(EXAMPLE.replaceAll('\r\n', '\n'));
  assert.equal(s.media.length, 2);
});

test('refuses malformed descriptions with SdpParseError', () => {
  const bad = [
    '',
    'o=x 1 1 IN IP4 1.2.3.4\r\nv=0\r\n',
    'v=1\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\n',
    'v=0\r\ns=-\r\n',
    'v=0\r\no=x 1 1 IN IP4\r\ns=-\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 99999 RTP/AVP 0\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio x RTP/AVP 0\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 5000 RTP/AVP\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nhello\r\n',
    'v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nA=foo\r\n',
  ];
  for (const text of bad) assert.throws(() => parseSdp(text), SdpParseError, JSON.stringify(text));
});

test('fuzz: mutated descriptions parse or fail with SdpParseError, never otherwise', () => {
  let seed = 99;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = ' =:/\r\n0123456789abcmovst-.';
  for (let i = 0; i < 3000; i++) {
    const chars = [...EXAMPLE];
    for (let k = 0; k < 1 + rnd(6); k++) {
      const at = rnd(chars.length);
      if (rnd(2) === 0) chars[at] = alphabet[rnd(alphabet.length)] ?? ' ';
      else chars.splice(at, 1 + rnd(10));
    }
    try {
      const s = parseSdp(chars.join(''));
      parseSdp(serializeSdp(s));
    } catch (err) {
      assert.ok(err instanceof SdpParseError, String(err));
    }
  }
});
