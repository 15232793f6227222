import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { serializeMessage } from '../../../src/sip/message/serialize-message.ts';
import { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import type { SipMessage } from '../../../src/sip/message/message.ts';
import { SipHeaders } from '../../../src/sip/message/sip-headers.ts';
import { parseUri } from '../../../src/sip/message/uri.ts';
import { createResponse } from '../../../src/sip/message/create-response.ts';

const dir = fileURLToPath(new URL('../../../../shared/testdata/sip/rfc4475/', import.meta.url));
const expectations = JSON.parse(readFileSync(`${dir}expectations.json`, 'utf8')) as { accept: string[] };

function summary(m: SipMessage): unknown {
  const start = m.kind === 'request' ? [m.method, m.uri] : [m.status, m.reason];
  return {
    start,
    headers: m.headers.entries().filter((e) => e.key !== 'content-length').map((e) => [e.key, e.value]),
    body: m.body.toString('hex'),
  };
}

test('serialize a built request: canonical names, computed Content-Length', () => {
  const h = new SipHeaders([['v', 'SIP/2.0/UDP h:5060;branch=z9hG4bK1'], ['call-id', 'a@b'], ['Content-Length', '999']]);
  const r = new SipRequest('MESSAGE', parseUri('sip:x@y'), h, Buffer.from('héllo'));
  assert.equal(serializeMessage(r).toString(),
    'MESSAGE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h:5060;branch=z9hG4bK1\r\nCall-ID: a@b\r\nContent-Length: 6\r\n\r\nhéllo');
  assert.equal(serializeMessage(new SipResponse(200, 'OK')).toString(), 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
});

test('round trip: every accepted RFC 4475 message re-parses to the same message', () => {
  for (const name of expectations.accept) {
    const first = parseMessage(readFileSync(`${dir}${name}.dat`));
    const wire = serializeMessage(first);
    const second = parseMessage(wire, { transport: 'tcp' });
    assert.deepEqual(summary(second), summary(first), name);
    assert.deepEqual(serializeMessage(second), wire, name);
  }
});

test('createResponse copies Via, From, To, Call-ID, CSeq and adds the To tag', () => {
  const req = parseMessage(Buffer.from([
    'INVITE sip:a@b SIP/2.0', 'Via: SIP/2.0/UDP p1;branch=z9hG4bK1', 'Via: SIP/2.0/UDP p2;branch=z9hG4bK2, SIP/2.0/UDP p3',
    'From: <sip:c@d>;tag=f', 'To: "A" <sip:a@b>', 'Call-ID: cid', 'CSeq: 5 INVITE', 'Timestamp: 54', 'Contact: <sip:c@p3>', '', '',
  ].join('\r\n'))) as SipRequest;
  const trying = createResponse(req, 100, undefined, { toTag: 'ignored' });
  assert.equal(trying.reason, 'Trying');
  assert.equal(trying.headers.get('to'), '"A" <sip:a@b>');
  assert.equal(trying.headers.get('timestamp'), '54');
  const ok = createResponse(req, 200, undefined, { toTag: 't1' });
  assert.deepEqual(ok.headers.names(), ['Via', 'From', 'To', 'Call-ID', 'CSeq']);
  assert.deepEqual(ok.headers.via().map((v) => v.host), ['p1', 'p2', 'p3']);
  assert.equal(ok.headers.to().params.get('tag'), 't1');
  assert.equal(ok.headers.get('timestamp'), undefined);
  assert.equal(createResponse(req, 486).reason, 'Busy Here');
  assert.equal(createResponse(req, 499).reason, 'Client Error');
  const tagged = parseMessage(serializeMessage(new SipRequest('BYE', parseUri('sip:a@b'), new SipHeaders([['To', '<sip:a@b>;tag=old']])))) as SipRequest;
  assert.equal(createResponse(tagged, 200, 'OK', { toTag: 'new' }).headers.get('to'), '<sip:a@b>;tag=old');
});

test('§8.2.6.2: final responses to REGISTER and OPTIONS get a To tag of their own; a To that does not parse is copied', () => {
  for (const method of ['REGISTER', 'OPTIONS']) {
    const req = parseMessage(Buffer.from([
      `${method} sip:example.com SIP/2.0`, 'Via: SIP/2.0/UDP p1;branch=z9hG4bK1', 'From: <sip:1001@example.com>;tag=f',
      'To: <sip:1001@example.com>', 'Call-ID: cid', `CSeq: 1 ${method}`, '', '',
    ].join('\r\n'))) as SipRequest;
    for (const status of [200, 401, 403]) {
      const tag = createResponse(req, status).headers.to().params.get('tag');
      assert.match(tag ?? '', /^[0-9a-f]{16}$/, `${status} to ${method}`);
    }
    assert.equal(createResponse(req, 100).headers.get('to'), '<sip:1001@example.com>', 'no tag on 100 Trying');
  }
  const broken = new SipRequest('OPTIONS', parseUri('sip:a@b'), new SipHeaders([['To', '<sip:a@b']]));
  assert.equal(createResponse(broken, 400).headers.get('to'), '<sip:a@b');
});

test('CR/LF in values cannot inject header lines', () => {
  const h = new SipHeaders([['Subject', 'hi\r\nVia: SIP/2.0/UDP evil']]);
  const wire = serializeMessage(new SipResponse(200, 'OK\r\nX: y', h)).toString();
  assert.equal(wire, 'SIP/2.0 200 OK  X: y\r\nSubject: hi  Via: SIP/2.0/UDP evil\r\nContent-Length: 0\r\n\r\n');
});
