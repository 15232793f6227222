import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Latch } from '../../../src/media/embedded/latch.ts';

test('nothing latches before the SDP names an address', () => {
  const l = new Latch();
  assert.equal(l.check('192.0.2.1', 4000), 'drop');
  assert.equal(l.current, 'unknown');
});

test('latches on the SDP IP at any port (NAT), then drops every other source', () => {
  const l = new Latch();
  l.expect('192.0.2.1', 4000);
  assert.equal(l.check('198.51.100.9', 4000), 'drop');
  assert.equal(l.check('192.0.2.1', 61000), 'latched-now');
  assert.equal(l.check('192.0.2.1', 61000), 'accept');
  assert.equal(l.check('192.0.2.1', 4000), 'drop');
  assert.equal(l.check('198.51.100.9', 61000), 'drop');
  assert.equal(l.dropped, 3);
  assert.deepEqual([l.address, l.port], ['192.0.2.1', 61000]);
});

test('IPv4-mapped IPv6 sources match the IPv4 SDP address', () => {
  const l = new Latch();
  l.expect('192.0.2.1', 4000);
  assert.equal(l.check('::ffff:192.0.2.1', 4000), 'latched-now');
});

test('a re-INVITE to a new address or port re-latches; hold (c=0.0.0.0) keeps the latch', () => {
  const l = new Latch();
  l.expect('192.0.2.1', 4000);
  l.check('192.0.2.1', 4000);
  l.expect('0.0.0.0', 4000);
  assert.equal(l.check('192.0.2.1', 4000), 'accept');
  l.expect('192.0.2.1', 4000);
  assert.equal(l.current, 'latched', 'the same address changes nothing');
  l.expect('192.0.2.1', 5000);
  assert.equal(l.current, 'expecting');
  assert.equal(l.check('192.0.2.1', 5000), 'latched-now');
  l.expect('203.0.113.7', 5000);
  assert.equal(l.check('192.0.2.1', 5000), 'drop');
  assert.equal(l.check('203.0.113.7', 5000), 'latched-now');
});
