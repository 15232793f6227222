import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { responseDestination, stampReceived } from '../../../src/sip/transport/via-rules.ts';

const req = (via: string): SipRequest => {
  const m = parseMessage(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: ${via}\r\nVia: SIP/2.0/UDP second.example.com;branch=z9hG4bK2\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`));
  if (m.kind !== 'request') throw new Error('not a request');
  return m;
};
const res = (via: string): SipResponse => {
  const m = parseMessage(Buffer.from(`SIP/2.0 200 OK\r\nVia: ${via}\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`));
  if (m.kind !== 'response') throw new Error('not a response');
  return m;
};
const SRC = { transport: 'udp' as const, address: '192.0.2.7', port: 40000 };

test('§18.2.1: received is added for a name or a different address, not for the same address', () => {
  const a = req('SIP/2.0/UDP pc.example.com:5060;branch=z9hG4bK1');
  stampReceived(a, SRC, false);
  assert.equal(a.headers.via()[0]?.params.get('received'), '192.0.2.7');
  assert.equal(a.headers.via()[1]?.params.has('received'), false, 'only the top Via');
  const b = req('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1');
  stampReceived(b, SRC, false);
  assert.equal(b.headers.via()[0]?.params.has('received'), false);
  assert.equal(b.headers.get('Via'), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1', 'untouched');
});

test('RFC 3581: an empty rport gets the source port and received is added even for the same address', () => {
  const a = req('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport');
  stampReceived(a, SRC, false);
  const top = a.headers.via()[0];
  assert.equal(top?.params.get('rport'), '40000');
  assert.equal(top?.params.get('received'), '192.0.2.7');
});

test('forceRport behaves as if rport had been asked for', () => {
  const a = req('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1');
  stampReceived(a, SRC, true);
  assert.equal(a.headers.via()[0]?.params.get('rport'), '40000');
  assert.equal(a.headers.via()[0]?.params.get('received'), '192.0.2.7');
});

test('§18.2.2 / RFC 3581: where a response goes', () => {
  assert.deepEqual(responseDestination(res('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;received=192.0.2.7')), { host: '192.0.2.7', port: 5060 });
  assert.deepEqual(responseDestination(res('SIP/2.0/UDP pc.example.com:5070;branch=z9hG4bK1;received=192.0.2.7')), { host: '192.0.2.7', port: 5070 });
  assert.deepEqual(responseDestination(res('SIP/2.0/UDP pc.example.com:5070;branch=z9hG4bK1;received=192.0.2.7;rport=40000')), { host: '192.0.2.7', port: 40000 });
  assert.deepEqual(responseDestination(res('SIP/2.0/UDP 192.0.2.9:5080;branch=z9hG4bK1')), { host: '192.0.2.9', port: 5080 });
  assert.deepEqual(responseDestination(res('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;maddr=192.0.2.1')), { host: '192.0.2.1', port: 5060 });
  // A new TCP connection goes to the sent-by port, never to the client's ephemeral rport.
  assert.deepEqual(responseDestination(res('SIP/2.0/TCP pc.example.com:5070;branch=z9hG4bK1;received=192.0.2.7;rport=40000'), true), { host: '192.0.2.7', port: 5070 });
});
