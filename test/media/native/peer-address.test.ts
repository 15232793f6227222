import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerAddress, formatIpWords, writeIpWords } from '../../../src/media/native/peer-address.ts';

test('IPv4, IPv4-mapped IPv6 and IPv6 literals round trip through the binary form', () => {
  const cases: [string, string, 4 | 6][] = [
    ['127.0.0.1', '127.0.0.1', 4],
    ['::ffff:192.0.2.7', '192.0.2.7', 4],
    ['::FFFF:C000:0207', '192.0.2.7', 4],
    ['::1', '::1', 6],
    ['::', '::', 6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
    ['2001:db8::1', '2001:db8::1', 6],
    ['fe80::1%eth0', 'fe80::1', 6],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6],
  ];
  for (const [input, text, family] of cases) {
    const a = PeerAddress.parse(input);
    assert.ok(a, input);
    assert.equal(a.text, text, input);
    assert.equal(a.family, family, input);
  }
});

test('an IPv4 address and its mapped form compare equal as words', () => {
  const a = PeerAddress.parse('10.1.2.3');
  const words = new Int32Array(8);
  assert.ok(writeIpWords('::ffff:10.1.2.3', words, 4));
  assert.ok(a?.equalsAt(words, 4));
  assert.ok(!a?.equalsAt(words, 0));
  assert.equal(formatIpWords(words, 4), '10.1.2.3');
});

test('the unspecified addresses are recognised (RFC 3264 §8.4 hold)', () => {
  assert.ok(PeerAddress.parse('0.0.0.0')?.unspecified);
  assert.ok(PeerAddress.parse('::')?.unspecified);
  assert.ok(!PeerAddress.parse('::1')?.unspecified);
});

test('anything that is not an IP literal is refused, the output untouched', () => {
  const words = new Int32Array([1, 2, 3, 4]);
  for (const bad of ['', 'localhost', '1.2.3', '1.2.3.256', '1.2.3.4.5', '1::2::3', '12345::', ':::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'gg::1', '1.2.3.04x']) {
    assert.equal(writeIpWords(bad, words, 0), false, bad);
    assert.equal(PeerAddress.parse(bad), undefined, bad);
  }
  assert.deepEqual([...words], [1, 2, 3, 4]);
});
