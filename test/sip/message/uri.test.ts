import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUri, parseUri } from '../../../src/sip/message/uri.ts';
import type { SipUri } from '../../../src/sip/message/uri.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

function sip(text: string): SipUri {
  const u = parseUri(text);
  assert.equal(u.kind, 'sip');
  return u as SipUri;
}

test('full SIP URI: user, password, host, port, params, headers', () => {
  const u = sip('sips:alice:secret@Example.COM:5061;transport=tcp;LR?subject=project%20x&priority=urgent');
  assert.equal(u.scheme, 'sips');
  assert.equal(u.user, 'alice');
  assert.equal(u.password, 'secret');
  assert.equal(u.host, 'Example.COM');
  assert.equal(u.port, 5061);
  assert.deepEqual([...u.params], [['transport', 'tcp'], ['lr', null]]);
  assert.deepEqual([...u.headers], [['subject', 'project%20x'], ['priority', 'urgent']]);
  assert.equal(formatUri(u), 'sips:alice:secret@Example.COM:5061;transport=tcp;lr?subject=project%20x&priority=urgent');
});

test('scheme is case-insensitive', () => {
  assert.equal(sip('SIP:bob@h').scheme, 'sip');
});

test('IPv6 reference: host without brackets, brackets back on output', () => {
  const u = sip('sip:[2001:db8::10]:5070;maddr=[2001:db8::9:1]');
  assert.equal(u.host, '2001:db8::10');
  assert.equal(u.port, 5070);
  assert.equal(u.params.get('maddr'), '[2001:db8::9:1]');
  assert.equal(formatUri(u), 'sip:[2001:db8::10]:5070;maddr=[2001:db8::9:1]');
  assert.throws(() => parseUri('sip:[2001:db8::10'), SipParseError);
  assert.throws(() => parseUri('sip:[zz]'), SipParseError);
});

test('escaped user part is unescaped and re-escaped where needed', () => {
  const u = sip('sip:sips%3Auser%40example.com@example.net');
  assert.equal(u.user, 'sips:user@example.com');
  assert.equal(formatUri(u), 'sip:sips%3Auser%40example.com@example.net');
  assert.equal(sip('sip:%75se%72@example.com').user, 'user');
  assert.equal(formatUri(sip('sip:%75se%72@example.com')), 'sip:user@example.com');
  assert.equal(sip('sip:null-%00-null@example.com').user, 'null-\u0000-null');
});

test('user part may hold ";" and "?" (RFC 4475 semiuri)', () => {
  const u = sip('sip:user;par=u%40example.net@example.com');
  assert.equal(u.user, 'user;par=u@example.net');
  assert.equal(u.host, 'example.com');
  assert.equal(u.params.size, 0);
});

test('telephone-subscriber user', () => {
  const u = sip('sip:+8640012345678@trunk.example.com;user=phone');
  assert.equal(u.user, '+8640012345678');
  assert.equal(u.params.get('user'), 'phone');
});

test('absolute URIs keep their text', () => {
  assert.deepEqual(parseUri('tel:+86-400-123-4567'), { kind: 'absolute', scheme: 'tel', value: '+86-400-123-4567' });
  assert.deepEqual(parseUri('soap.beep://192.0.2.103:3002'), { kind: 'absolute', scheme: 'soap.beep', value: '//192.0.2.103:3002' });
  assert.equal(formatUri(parseUri('urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6')), 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6');
});

test('malformed URIs throw SipParseError', () => {
  for (const bad of ['', 'sip', ':x', 'sip:', 'sip:@host', 'sip:a@b@c', 'sip:host:99999', 'sip:host:', 'sip:ho st',
    'sip:host;', 'sip:host?x', 'sip:us%zzer@h', 'sip:<h>', '1sip:h', 'http://a b', 'sip:h;a=b c']) {
    assert.throws(() => parseUri(bad), SipParseError, bad);
  }
});

test('formatting a built URI escapes what must be escaped', () => {
  const u: SipUri = { kind: 'sip', scheme: 'sip', user: 'a b@c', host: '192.0.2.1', port: 5060, params: new Map([['transport', 'udp']]), headers: new Map() };
  assert.equal(formatUri(u), 'sip:a%20b%40c@192.0.2.1:5060;transport=udp');
  assert.deepEqual(parseUri(formatUri(u)), u);
});
