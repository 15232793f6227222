import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerOffer, buildOffer, readAnswer } from '../../../src/media/sdp/offer-answer.ts';
import { parseSdp } from '../../../src/media/sdp/sdp-parse.ts';
import { serializeSdp } from '../../../src/media/sdp/sdp-serialize.ts';
import { MediaError } from '../../../src/media/media-error.ts';

const local = { address: '192.0.2.10', port: 20000, sessionId: '123', sessionVersion: 1, codecs: ['PCMU', 'PCMA'] as ('PCMU' | 'PCMA')[], direction: 'sendrecv' as const, ptime: 20 };

function offer(lines: string[]): string {
  return ['v=0', 'o=carrier 1 1 IN IP4 198.51.100.7', 's=-', 'c=IN IP4 198.51.100.7', 't=0 0', ...lines, ''].join('\r\n');
}

test('our offer: PCMU 0, PCMA 8, telephone-event 101 0-16, ptime, direction, our address/port', () => {
  const text = serializeSdp(buildOffer({ ...local, direction: 'sendonly' }));
  assert.match(text, /^v=0\r\no=hotline 123 1 IN IP4 192\.0\.2\.10\r\ns=hotline\r\nc=IN IP4 192\.0\.2\.10\r\nt=0 0\r\n/);
  assert.match(text, /\r\nm=audio 20000 RTP\/AVP 0 8 101\r\n/);
  assert.match(text, /a=rtpmap:0 PCMU\/8000\r\na=rtpmap:8 PCMA\/8000\r\na=rtpmap:101 telephone-event\/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendonly\r\n$/);
  assert.match(serializeSdp(buildOffer({ ...local, codecs: ['PCMA'] })), /m=audio 20000 RTP\/AVP 8 101\r\n/);
});

test('answer picks the offerer\'s first supported codec and keeps its telephone-event PT', () => {
  const { answer, audio } = answerOffer(offer(['m=audio 30000 RTP/AVP 18 8 0 96', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-15', 'a=ptime:30']), local);
  assert.equal(audio.codec, 'PCMA');
  assert.equal(audio.payloadType, 8);
  assert.equal(audio.sendTelephoneEventPt, 96);
  assert.deepEqual(audio.recvTelephoneEventPts, [96]);
  assert.equal(audio.remoteAddress, '198.51.100.7');
  assert.equal(audio.remotePort, 30000);
  assert.equal(audio.remoteRtcpPort, 30001);
  assert.equal(audio.ptime, 30);
  assert.equal(audio.direction, 'sendrecv');
  assert.equal(audio.remoteHold, false);
  const m = parseSdp(answer).media[0];
  assert.equal(m?.port, 20000);
  assert.deepEqual(m?.formats, ['8', '96']);
  assert.ok(m?.attributes.some((a) => a.name === 'sendrecv'));
});

test('our codec preference limits the answer', () => {
  const { audio } = answerOffer(offer(['m=audio 30000 RTP/AVP 0 8']), { ...local, codecs: ['PCMA'] });
  assert.equal(audio.codec, 'PCMA');
  assert.equal(audio.sendTelephoneEventPt, undefined);
});

test('hold: a=sendonly is answered recvonly; a=inactive inactive; c=0.0.0.0 recvonly; recvonly sendonly', () => {
  const cases: [string[], string, string][] = [
    [['m=audio 30000 RTP/AVP 0', 'a=sendonly'], 'recvonly', 'c=IN IP4 198.51.100.7'],
    [['m=audio 30000 RTP/AVP 0', 'a=inactive'], 'inactive', 'c=IN IP4 198.51.100.7'],
    [['m=audio 30000 RTP/AVP 0', 'c=IN IP4 0.0.0.0'], 'recvonly', ''],
    [['m=audio 30000 RTP/AVP 0', 'a=recvonly'], 'sendonly', ''],
  ];
  for (const [lines, expected] of cases) {
    const { answer, audio } = answerOffer(offer(lines), local);
    assert.equal(audio.direction, expected, lines.join(' '));
    assert.ok(parseSdp(answer).media[0]?.attributes.some((a) => a.name === expected));
  }
  assert.equal(answerOffer(offer(['m=audio 30000 RTP/AVP 0', 'a=sendonly']), local).audio.remoteHold, true);
  // Session-level direction applies when the media has none.
  const sessionLevel = ['v=0', 'o=x 1 1 IN IP4 1.2.3.4', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0', 'a=sendonly', 'm=audio 30000 RTP/AVP 0', ''].join('\r\n');
  assert.equal(answerOffer(sessionLevel, local).audio.direction, 'recvonly');
});

test('unsupported streams are rejected with port 0, in the offer\'s order', () => {
  const { answer, audio } = answerOffer(
    offer(['m=video 40000 RTP/AVP 31', 'm=audio 30002 RTP/AVP 18', 'm=audio 30000 RTP/AVP 0', 'm=audio 30004 RTP/AVP 8']),
    local,
  );
  const media = parseSdp(answer).media;
  assert.deepEqual(
    media.map((m) => [m.type, m.port, m.formats.join(',')]),
    [['video', 0, '31'], ['audio', 0, '18'], ['audio', 20000, '0'], ['audio', 0, '8']],
  );
  assert.equal(audio.mediaIndex, 2);
});

test('an offer with no usable audio is MediaError no-common-codec; garbage is sdp-invalid', () => {
  assert.throws(() => answerOffer(offer(['m=audio 30000 RTP/AVP 18 4']), local), (e: unknown) => e instanceof MediaError && e.code === 'no-common-codec');
  assert.throws(() => answerOffer(offer(['m=audio 0 RTP/AVP 0']), local), (e: unknown) => e instanceof MediaError && e.code === 'no-common-codec');
  assert.throws(() => answerOffer(offer(['m=audio 30000 RTP/SAVP 0']), local), (e: unknown) => e instanceof MediaError && e.code === 'no-common-codec');
  assert.throws(() => answerOffer('INVITE sip:x SIP/2.0', local), (e: unknown) => e instanceof MediaError && e.code === 'sdp-invalid');
});

test('reading an answer to our offer', () => {
  const ours = buildOffer(local);
  const answer = ['v=0', 'o=phone 5 5 IN IP4 203.0.113.5', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 8 96', 'c=IN IP4 203.0.113.5', 'a=rtpmap:96 telephone-event/8000', 'a=rtcp:4005', ''].join('\r\n');
  const audio = readAnswer(ours, answer);
  assert.equal(audio.codec, 'PCMA');
  assert.equal(audio.remoteAddress, '203.0.113.5');
  assert.equal(audio.remotePort, 4000);
  assert.equal(audio.remoteRtcpPort, 4005);
  // They answered 96 for telephone-event (a SHOULD, not a MUST): we send 96 and accept both.
  assert.equal(audio.sendTelephoneEventPt, 96);
  assert.deepEqual(audio.recvTelephoneEventPts, [101, 96]);
  assert.equal(audio.direction, 'sendrecv');
  const rejected = answer.replace('m=audio 4000', 'm=audio 0');
  assert.throws(() => readAnswer(ours, rejected), (e: unknown) => e instanceof MediaError && e.code === 'no-common-codec');
  const wrongCodec = answer.replace('RTP/AVP 8 96', 'RTP/AVP 18');
  assert.throws(() => readAnswer(ours, wrongCodec), (e: unknown) => e instanceof MediaError && e.code === 'no-common-codec');
  // Our sendonly offer answered recvonly: we send, we do not receive.
  const holdOffer = buildOffer({ ...local, direction: 'sendonly' });
  assert.equal(readAnswer(holdOffer, answer.replace('a=rtcp:4005', 'a=recvonly')).direction, 'sendonly');
});
