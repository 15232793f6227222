import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { Dialog } from '../../../src/sip/dialog/dialog.ts';
import { formatUri } from '../../../src/sip/message/uri.ts';
import { formatNameAddr } from '../../../src/sip/message/name-addr.ts';

const contact = { uri: { kind: 'sip' as const, scheme: 'sip' as const, user: 'hotline', host: '192.0.2.1', port: 5060, params: new Map(), headers: new Map() }, params: new Map() };

function msg(text: string) {
  return parseMessage(Buffer.from(text.replace(/\n/g, '\r\n')));
}

const invite = msg(`INVITE sip:4006123456@192.0.2.1 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-1
Record-Route: <sip:p1.example.net;lr>, <sip:p2.example.net;lr>
Max-Forwards: 69
From: <sip:13912345678@198.51.100.7>;tag=caller1
To: <sip:4006123456@192.0.2.1>
Call-ID: abc@198.51.100.7
CSeq: 7 INVITE
Contact: <sip:13912345678@198.51.100.7:5062>
Content-Length: 0

`) as SipRequest;

test('§12.1.1: the UAS takes the Record-Route set in order and the Contact as remote target', () => {
  const d = Dialog.asUas(invite, 'mytag');
  assert.equal(d.role, 'uas');
  assert.deepEqual(d.routeSet.map((r) => formatUri(r.uri)), ['sip:p1.example.net;lr', 'sip:p2.example.net;lr']);
  assert.equal(formatUri(d.remoteTarget), 'sip:13912345678@198.51.100.7:5062');
  const bye = d.createRequest('BYE', { contact });
  assert.equal(formatUri(bye.uri), 'sip:13912345678@198.51.100.7:5062');
  assert.equal(bye.headers.from().params.get('tag'), 'mytag');
  assert.equal(bye.headers.to().params.get('tag'), 'caller1');
  assert.equal(bye.headers.callId(), 'abc@198.51.100.7');
  assert.deepEqual(bye.headers.route().map((r) => formatNameAddr(r)), ['<sip:p1.example.net;lr>', '<sip:p2.example.net;lr>']);
});

test('§12.2.2: a request with a lower CSeq than the last is refused 500; a re-INVITE refreshes the target', () => {
  const d = Dialog.asUas(invite, 'mytag');
  const reinvite = (seq: number, contactUri: string) =>
    msg(`INVITE sip:hotline@192.0.2.1 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-${seq}
Max-Forwards: 70
From: <sip:13912345678@198.51.100.7>;tag=caller1
To: <sip:4006123456@192.0.2.1>;tag=mytag
Call-ID: abc@198.51.100.7
CSeq: ${seq} INVITE
Contact: <${contactUri}>
Content-Length: 0

`) as SipRequest;
  assert.deepEqual(d.acceptRemoteRequest(reinvite(6, 'sip:x@198.51.100.9')), { status: 500, reason: 'CSeq Out of Order' });
  assert.equal(formatUri(d.remoteTarget), 'sip:13912345678@198.51.100.7:5062', 'refused request changes nothing');
  assert.equal(d.acceptRemoteRequest(reinvite(8, 'sip:x@198.51.100.9')), undefined);
  assert.equal(formatUri(d.remoteTarget), 'sip:x@198.51.100.9');
});

test('§12.1.2: the UAC reverses the Record-Route of the 2xx; CSeq increments per request, ACK reuses the INVITE number', () => {
  const ok = msg(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-1
Record-Route: <sip:p1.example.net;lr>, <sip:p2.example.net;lr>
From: <sip:13912345678@198.51.100.7>;tag=caller1
To: <sip:4006123456@192.0.2.1>;tag=callee9
Call-ID: abc@198.51.100.7
CSeq: 7 INVITE
Contact: <sip:phone@203.0.113.5:5070>
Content-Length: 0

`) as SipResponse;
  const d = Dialog.asUac(invite, ok);
  assert.deepEqual(d.routeSet.map((r) => formatUri(r.uri)), ['sip:p2.example.net;lr', 'sip:p1.example.net;lr']);
  const ack = d.createAck(7, contact);
  assert.deepEqual(ack.headers.cseq(), { seq: 7, method: 'ACK' });
  assert.deepEqual(d.createRequest('INFO', { contact }).headers.cseq(), { seq: 8, method: 'INFO' });
  assert.deepEqual(d.createRequest('BYE', { contact }).headers.cseq(), { seq: 9, method: 'BYE' });
  assert.equal(d.createRequest('BYE', { contact }).headers.to().params.get('tag'), 'callee9');
});

test('§8.1.1.7: an in-dialog request we build carries no Via of its own (the endpoint stamps the one Via)', () => {
  const d = Dialog.asUas(invite, 'mytag');
  for (const method of ['BYE', 'INVITE', 'INFO']) assert.deepEqual(d.createRequest(method, { contact }).headers.via(), [], method);
  assert.deepEqual(d.createAck(7, contact).headers.via(), []);
});
