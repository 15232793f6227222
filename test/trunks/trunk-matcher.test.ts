import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrunkMatcher } from '../../src/trunks/trunk-matcher.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';

function trunk(name: string, addresses: string[], enabled = true): Trunk {
  return {
    id: `id-${name}`,
    name,
    addresses,
    proxy: { host: `${name}.example`, port: 5060, transport: 'udp' },
    registration: null,
    maxConcurrentCalls: null,
    enabled,
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
  };
}

const unicom = trunk('unicom', ['203.0.113.10', '198.51.100.0/24', '2001:db8:1::/48']);
const telecom = trunk('telecom', ['198.51.100.128/25', '2001:db8:1:2::7']);
const mobile = trunk('mobile', ['192.0.2.0/24'], false);
const matcher = new TrunkMatcher([unicom, telecom, mobile]);

test('exact IPv4 host', () => {
  assert.equal(matcher.matchSource('203.0.113.10')?.name, 'unicom');
  assert.equal(matcher.matchSource('203.0.113.11'), undefined);
});

test('CIDR, with the most specific prefix winning across trunks', () => {
  assert.equal(matcher.matchSource('198.51.100.1')?.name, 'unicom');
  assert.equal(matcher.matchSource('198.51.100.200')?.name, 'telecom');
  assert.equal(matcher.matchSource('198.51.101.1'), undefined);
});

test('IPv6 prefixes and hosts, in any text form', () => {
  assert.equal(matcher.matchSource('2001:db8:1:ffff::1')?.name, 'unicom');
  assert.equal(matcher.matchSource('2001:0db8:0001:0002:0000:0000:0000:0007')?.name, 'telecom');
  assert.equal(matcher.matchSource('[2001:db8:1:2::7]')?.name, 'telecom');
  assert.equal(matcher.matchSource('2001:db8:2::1'), undefined);
});

test('IPv4-mapped IPv6 sources (dual-stack sockets) match IPv4 rules', () => {
  assert.equal(matcher.matchSource('::ffff:203.0.113.10')?.name, 'unicom');
  assert.equal(matcher.matchSource('::ffff:198.51.100.129')?.name, 'telecom');
});

test('IPv4-mapped rules match plain IPv4 sources', () => {
  const m = new TrunkMatcher([trunk('mapped', ['::ffff:100.64.0.0/106'])]);
  assert.equal(m.matchSource('100.64.1.2')?.name, 'mapped');
  assert.equal(m.matchSource('100.128.0.1'), undefined);
});

test('disabled trunks never match', () => {
  assert.equal(matcher.matchSource('192.0.2.5'), undefined);
});

test('garbage sources match nothing and do not throw', () => {
  for (const bad of ['', 'unicom', '203.0.113.10:5060', '999.1.1.1', '::g', '\u0000']) {
    assert.equal(matcher.matchSource(bad), undefined, bad);
  }
});

test('an empty list matches nothing', () => {
  assert.equal(new TrunkMatcher([]).matchSource('203.0.113.10'), undefined);
});

test('a catch-all prefix loses to any more specific one', () => {
  const m = new TrunkMatcher([trunk('any', ['0.0.0.0/0']), trunk('one', ['10.0.0.0/8'])]);
  assert.equal(m.matchSource('10.1.1.1')?.name, 'one');
  assert.equal(m.matchSource('11.1.1.1')?.name, 'any');
});
