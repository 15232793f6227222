import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNameAddr, parseNameAddr } from '../../../src/sip/message/name-addr.ts';
import { formatUri } from '../../../src/sip/message/uri.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

test('quoted display name with escapes, URI params stay in the URI', () => {
  const n = parseNameAddr('"J Rosenberg \\\\\\"" <sip:jdrosen@example.com;transport=tcp> ; tag = 98asjd8');
  assert.equal(n.displayName, 'J Rosenberg \\"');
  assert.equal(formatUri(n.uri), 'sip:jdrosen@example.com;transport=tcp');
  assert.deepEqual([...n.params], [['tag', '98asjd8']]);
  assert.equal(formatNameAddr(n), '"J Rosenberg \\\\\\"" <sip:jdrosen@example.com;transport=tcp>;tag=98asjd8');
});

test('token display names, with or without space before <', () => {
  assert.equal(parseNameAddr('Joe  Smith <sip:joe@h>').displayName, 'Joe Smith');
  assert.equal(parseNameAddr('caller<sip:caller@example.com>;tag=323').displayName, 'caller');
  assert.equal(parseNameAddr('<sip:x@h>').displayName, undefined);
  assert.equal(parseNameAddr('"" <sip:x@h>').displayName, '');
});

test('addr-spec form: semicolon parameters belong to the header (RFC 3261 §20)', () => {
  const n = parseNameAddr('sip:user@example.com;tag=1918181833n;maddr=x');
  assert.equal(formatUri(n.uri), 'sip:user@example.com');
  assert.deepEqual([...n.params], [['tag', '1918181833n'], ['maddr', 'x']]);
  assert.equal(formatNameAddr(n), '<sip:user@example.com>;tag=1918181833n;maddr=x');
});

test('quoted parameter values are kept with their quotes', () => {
  const n = parseNameAddr('<sip:a@b>;+sip.instance="<urn:uuid:1, 2>";q=0.5;expires=60');
  assert.equal(n.params.get('+sip.instance'), '"<urn:uuid:1, 2>"');
  assert.equal(n.params.get('q'), '0.5');
});

test('non-SIP URIs in name-addr', () => {
  assert.equal(parseNameAddr('isbn:2983792873').uri.kind, 'absolute');
  assert.equal(parseNameAddr('<tel:+8613800138000>;tag=x').uri.scheme, 'tel');
});

test('malformed name-addrs throw SipParseError', () => {
  for (const bad of ['', '"unterminated <sip:a@b>', 'Bell, Alexander <sip:a@b>', '< sip:a@b >', '<sip:a@b',
    '<sip:a@b>;', '<sip:a@b>;;', '<sip:a@b>;tag=', '<sip:a@b> junk', '"x" sip:a@b', 'sip:a@b;tag="x']) {
    assert.throws(() => parseNameAddr(bad), SipParseError, bad);
  }
});

test('lenient: unquoted UTF-8 display name, raw "#" in the user part (escaped on output)', () => {
  const n = parseNameAddr('张三 <sip:*86#@hotline.test>;tag=1');
  assert.equal(n.displayName, '张三');
  assert.equal(formatNameAddr(n), '"张三" <sip:*86%23@hotline.test>;tag=1');
});

test('formatting never lets a display name start a new header line', () => {
  const s = formatNameAddr({ displayName: 'x\r\nVia: evil', uri: { kind: 'absolute', scheme: 'tel', value: '+1' }, params: new Map() });
  assert.equal(s, '"x  Via: evil" <tel:+1>');
});
