import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIpAddress, parseIpPrefix, prefixContains } from '../../src/trunks/ip-prefix.ts';

test('parses IPv4 and the IPv6 text forms of RFC 4291 §2.2', () => {
  assert.deepEqual(parseIpAddress('192.0.2.1'), { family: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('::'), { family: 6, value: 0n });
  assert.deepEqual(parseIpAddress('::1'), { family: 6, value: 1n });
  assert.deepEqual(parseIpAddress('2001:DB8::8:800:200C:417A'), { family: 6, value: 0x20010db80000000000080800200c417an });
  assert.deepEqual(parseIpAddress('2001:db8:0:0:8:800:200c:417a'), parseIpAddress('2001:db8::8:800:200c:417a'));
  assert.deepEqual(parseIpAddress('1:2:3:4:5:6:7.8.9.10'), { family: 6, value: 0x000100020003000400050006_0708090an });
  assert.deepEqual(parseIpAddress('::13.1.68.3'), { family: 6, value: 0x0d014403n });
  assert.deepEqual(parseIpAddress('[2001:db8::1]'), parseIpAddress('2001:db8::1'));
  assert.deepEqual(parseIpAddress('fe80::1%eth0'), parseIpAddress('fe80::1'));
});

test('an IPv4-mapped IPv6 address is the IPv4 address (RFC 4291 §2.5.5.2)', () => {
  assert.deepEqual(parseIpAddress('::ffff:192.0.2.1'), { family: 4, value: 0xc0000201n });
  assert.deepEqual(parseIpAddress('::FFFF:c000:0201'), { family: 4, value: 0xc0000201n });
});

test('garbage is not an address', () => {
  for (const bad of ['', 'x', '1.2.3', '1.2.3.256', '01.2.3.4', '1:2:3', ':::', '1::2::3', '192.0.2.1:5060', 'example.com']) {
    assert.equal(parseIpAddress(bad), undefined, bad);
  }
});

test('prefixes: bare address is a host prefix; host bits and bad lengths are refused', () => {
  assert.deepEqual(parseIpPrefix('10.0.0.0/8'), { family: 4, value: 0x0a000000n, length: 8 });
  assert.deepEqual(parseIpPrefix('10.1.2.3'), { family: 4, value: 0x0a010203n, length: 32 });
  assert.deepEqual(parseIpPrefix('2001:db8::/32'), { family: 6, value: 0x20010db8n << 96n, length: 32 });
  assert.deepEqual(parseIpPrefix('::ffff:10.0.0.0/104'), { family: 4, value: 0x0a000000n, length: 8 });
  assert.deepEqual(parseIpPrefix('::ffff:0:0/96'), { family: 4, value: 0n, length: 0 });
  for (const bad of ['10.0.0.1/8', '10.0.0.0/33', '2001:db8::/129', '::ffff:10.0.0.0/95', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/0x8']) {
    assert.equal(parseIpPrefix(bad), undefined, bad);
  }
});

test('containment respects family and prefix length', () => {
  const net = parseIpPrefix('192.0.2.0/24');
  const v6 = parseIpPrefix('2001:db8:a::/48');
  assert.ok(net && v6);
  const at = (s: string) => {
    const a = parseIpAddress(s);
    assert.ok(a, s);
    return a;
  };
  assert.equal(prefixContains(net, at('192.0.2.0')), true);
  assert.equal(prefixContains(net, at('192.0.2.255')), true);
  assert.equal(prefixContains(net, at('192.0.3.0')), false);
  assert.equal(prefixContains(net, at('::ffff:192.0.2.9')), true);
  assert.equal(prefixContains(net, at('::c000:0209')), false, 'IPv4-compatible is IPv6');
  assert.equal(prefixContains(v6, at('2001:db8:a:ffff::1')), true);
  assert.equal(prefixContains(v6, at('2001:db8:b::1')), false);
  assert.equal(prefixContains(v6, at('192.0.2.1')), false);
  const all4 = parseIpPrefix('0.0.0.0/0');
  assert.ok(all4);
  assert.equal(prefixContains(all4, at('255.255.255.255')), true);
  assert.equal(prefixContains(all4, at('::1')), false);
});
