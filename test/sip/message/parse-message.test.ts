import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';
import { formatUri } from '../../../src/sip/message/uri.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';

const INVITE = [
  'INVITE sip:4001234567@198.51.100.1;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKa1;rport',
  'Max-Forwards: 70',
  'From: "Caller" <sip:13800138000@203.0.113.5>;tag=abc',
  'To: <sip:4001234567@198.51.100.1>',
  'Call-ID: c1@203.0.113.5',
  'CSeq: 1 INVITE',
  'Contact: <sip:13800138000@203.0.113.5:5060>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\r\n',
].join('\r\n');

function req(text: string, transport: 'udp' | 'tcp' = 'udp'): SipRequest {
  const m = parseMessage(Buffer.from(text, 'utf8'), { transport });
  assert.equal(m.kind, 'request');
  return m as SipRequest;
}

function refused(text: string | Buffer, opts: { transport?: 'udp' | 'tcp' } = {}): SipParseError {
  try {
    parseMessage(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, opts);
  } catch (e) {
    assert.ok(e instanceof SipParseError, String(e));
    return e;
  }
  return assert.fail('parsed');
}

test('a request: start line, typed headers, body', () => {
  const r = req(INVITE);
  assert.equal(r.method, 'INVITE');
  assert.equal(formatUri(r.uri), 'sip:4001234567@198.51.100.1;user=phone');
  assert.equal(r.headers.via()[0]?.params.get('branch'), 'z9hG4bKa1');
  assert.equal(r.headers.from().params.get('tag'), 'abc');
  assert.equal(r.headers.cseq().method, 'INVITE');
  assert.equal(r.body.toString(), 'v=0\r');
});

test('a response: status, reason (empty and UTF-8 too)', () => {
  const ok = parseMessage(Buffer.from('SIP/2.0 180 Ringing\r\nCall-ID: x\r\n\r\n')) as SipResponse;
  assert.equal(ok.kind, 'response');
  assert.equal(ok.status, 180);
  assert.equal(ok.reason, 'Ringing');
  assert.equal((parseMessage(Buffer.from('SIP/2.0 100 \r\n\r\n')) as SipResponse).reason, '');
  assert.equal((parseMessage(Buffer.from('SIP/2.0 200 正常\r\n\r\n')) as SipResponse).reason, '正常');
});

test('folding, compact forms and leading CRLFs', () => {
  const r = req('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\n ;branch=z9hG4bKx\r\ni: id\r\nf: <sip:c@d>;tag=1\r\nt: <sip:a@b>\r\nCSeq: 1\r\n\tOPTIONS\r\nl: 0\r\n\r\n');
  assert.equal(r.headers.via()[0]?.params.get('branch'), 'z9hG4bKx');
  assert.deepEqual(r.headers.cseq(), { seq: 1, method: 'OPTIONS' });
  assert.equal(r.headers.callId(), 'id');
});

test('UDP: missing Content-Length takes the rest, extra bytes are dropped, a larger one is an error', () => {
  const base = 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n';
  assert.equal(req(`${base}\r\nhello`).body.toString(), 'hello');
  assert.equal(req(`${base}Content-Length: 2\r\n\r\nhello`).body.toString(), 'he');
  assert.equal(refused(`${base}Content-Length: 6\r\n\r\nhello`).status, 400);
  assert.equal(refused(`${base}Content-Length: -1\r\n\r\nhello`).status, 400);
});

test('TCP: Content-Length is required', () => {
  const base = 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKx\r\n';
  assert.equal(refused(`${base}\r\nhello`, { transport: 'tcp' }).reason, 'Missing Content-Length');
  assert.equal(req(`${base}Content-Length: 5\r\n\r\nhello`, 'tcp').body.toString(), 'hello');
  assert.equal(refused(`${base}Content-Length: 5`, { transport: 'tcp' }).reason, 'Missing end of headers');
});

test('multipart bodies pass through byte for byte', () => {
  const body = Buffer.concat([Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n'), Buffer.from([0, 255, 13, 10]), Buffer.from('\r\n--b--\r\n')]);
  const head = Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b\r\nContent-Length: ${body.length}\r\n\r\n`);
  const m = parseMessage(Buffer.concat([head, body]));
  assert.deepEqual(m.body, body);
});

test('start line errors carry their status', () => {
  assert.equal(refused('INVITE sip:a@b SIP/3.0\r\n\r\n').status, 505);
  assert.equal(refused('INVITE sip:a@b HTTP/1.1\r\n\r\n').status, 400);
  assert.equal(refused(`INVITE sip:${'a'.repeat(5000)}@b SIP/2.0\r\n\r\n`).status, 414);
  assert.equal(refused('INVITE  sip:a@b SIP/2.0\r\n\r\n').status, 400);
  assert.equal(refused('INVITE <sip:a@b> SIP/2.0\r\n\r\n').status, 400);
  assert.equal(refused('IN VITE sip:a@b SIP/2.0\r\n\r\n').status, 400);
  assert.equal(refused('SIP/2.0 1000 OK\r\n\r\n').status, 400);
  assert.equal(refused('SIP/2.0 099 Low\r\n\r\n').status, 400);
  assert.equal(refused('').reason, 'Empty message');
  assert.equal(refused('\r\n\r\n').reason, 'Empty message');
  assert.equal(req('OPTIONS sip:a@b SIP/2.0  \r\n\r\n').method, 'OPTIONS');
});

test('a bad header line is refused with what could be read', () => {
  const e = refused('BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKq\r\nbad header\r\nCall-ID: k\r\nCSeq: 2 BYE\r\n\r\n');
  assert.equal(e.status, 400);
  assert.deepEqual(e.partial, { isRequest: true, via: ['SIP/2.0/UDP h;branch=z9hG4bKq'], callId: 'k', cseq: '2 BYE' });
});

test('bare LF line endings are tolerated', () => {
  const r = req('OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nCall-ID: z\n\n');
  assert.equal(r.headers.callId(), 'z');
});

test('the SIP version is case-insensitive, also in a status line', () => {
  assert.equal(parseMessage(Buffer.from('sip/2.0 200 OK\r\n\r\n')).kind, 'response');
  assert.equal(req('OPTIONS sip:a@b sip/2.0\r\n\r\n').method, 'OPTIONS');
});
