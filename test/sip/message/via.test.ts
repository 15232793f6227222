import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVia, parseVia } from '../../../src/sip/message/via.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

test('plain Via with branch and rport flag', () => {
  const v = parseVia('SIP/2.0/udp 192.0.2.1:5062;branch=z9hG4bK776asdhds;rport');
  assert.equal(v.transport, 'UDP');
  assert.equal(v.host, '192.0.2.1');
  assert.equal(v.port, 5062);
  assert.equal(v.params.get('branch'), 'z9hG4bK776asdhds');
  assert.equal(v.params.get('rport'), null);
  assert.equal(formatVia(v), 'SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK776asdhds;rport');
});

test('LWS around separators (RFC 4475 wsinv)', () => {
  const v = parseVia('SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8');
  assert.equal(v.transport, 'TCP');
  assert.equal(v.host, 'spindle.example.com');
  assert.equal(v.port, undefined);
  assert.equal(v.params.get('branch'), 'z9hG4bK9ikj8');
});

test('IPv6 sent-by and received', () => {
  const v = parseVia('SIP/2.0/TCP [2001:db8::9:1]:5060;branch=z9hG4bKas;received=2001:db8::9:255;rport=5071');
  assert.equal(v.host, '2001:db8::9:1');
  assert.equal(v.params.get('received'), '2001:db8::9:255');
  assert.equal(formatVia(v), 'SIP/2.0/TCP [2001:db8::9:1]:5060;branch=z9hG4bKas;received=2001:db8::9:255;rport=5071');
});

test('malformed Vias throw SipParseError', () => {
  for (const bad of ['', 'SIP/2.0/UDP', 'SIP/2.0/UDP ', 'SIP/3.0/UDP h', 'HTTP/2.0/UDP h', 'SIP/2.0/UDP h;;',
    'SIP/2.0/UDP h;', 'SIP/2.0/UDP h:99999', 'SIP/2.0/UDP [::1', 'SIP/2.0/UDPh', 'SIP/2.0/UDP h junk']) {
    assert.throws(() => parseVia(bad), SipParseError, bad);
  }
});
