// RFC 3891 §6.1 Replaces: parsed from the header and from a Refer-To URI's escaped headers (RFC 5589 §7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReplaces, parseReplaces, replacesInUri } from '../../../src/sip/message/replaces.ts';
import { parseNameAddr } from '../../../src/sip/message/name-addr.ts';

test('Replaces: call-id and both tags, early-only; format round-trips', () => {
  const r = parseReplaces('425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only');
  assert.deepEqual(r, { callId: '425928@bobster.example.org', toTag: '7743', fromTag: '6472', earlyOnly: true });
  assert.equal(formatReplaces(r), '425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only');
  assert.deepEqual(parseReplaces('abc ; FROM-TAG=2 ; to-tag=1 ; x=y'), { callId: 'abc', toTag: '1', fromTag: '2', earlyOnly: false });
});

test('Replaces: a missing tag, an empty call-id or junk is a SipParseError (the request gets 400)', () => {
  for (const bad of ['', ';to-tag=1;from-tag=2', 'abc;to-tag=1', 'abc;from-tag=2', 'abc;to-tag=;from-tag=2', 'a b;to-tag=1;from-tag=2', 'abc;to-tag=1;from-tag=2;=x']) {
    assert.throws(() => parseReplaces(bad), { name: 'SipParseError' }, bad);
  }
});

test('Replaces in a Refer-To URI: unescaped from its headers; none when absent', () => {
  const referTo = parseNameAddr('<sip:1002@192.0.2.1?Replaces=12345%40192.0.2.4%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>');
  assert.deepEqual(replacesInUri(referTo.uri), { callId: '12345@192.0.2.4', toTag: '12345', fromTag: '5FFE-3994', earlyOnly: false });
  assert.equal(replacesInUri(parseNameAddr('<sip:1002@192.0.2.1>').uri), undefined);
  assert.throws(() => replacesInUri(parseNameAddr('<sip:1002@192.0.2.1?Replaces=12345%3Bto-tag%3D1>').uri), { name: 'SipParseError' });
});
