import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Latch } from '../../../src/media/embedded/latch.ts';

test('a phone behind NAT latches from its signalling address, not only the SDP one', () => {
  const latch = new Latch();
  latch.trustSignallingAddress('203.0.113.7');
  latch.expect('192.168.1.20', 4000); // the private address its SDP names
  assert.equal(latch.check('198.51.100.99', 4000), 'drop', 'a stranger cannot take the stream');
  assert.equal(latch.check('203.0.113.7', 31000), 'latched-now');
  assert.equal(latch.check('203.0.113.7', 31000), 'accept');
  assert.equal(latch.check('192.168.1.20', 4000), 'drop', 'after latching, only the latched source');
  assert.equal(latch.dropped, 2);
});

test('without a signalling address only the SDP address latches (IPv4-mapped forms compare equal)', () => {
  const latch = new Latch();
  latch.expect('192.0.2.5', 4000);
  assert.equal(latch.check('203.0.113.7', 4000), 'drop');
  assert.equal(latch.check('::ffff:192.0.2.5', 4002), 'latched-now');
});
