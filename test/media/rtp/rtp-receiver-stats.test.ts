import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpReceiverStats } from '../../../src/media/rtp/rtp-receiver-stats.ts';

test('perfectly paced stream: no loss, zero jitter', () => {
  const s = new RtpReceiverStats(8000);
  for (let i = 0; i < 100; i++) s.onPacket(1000 + i, 5000 + i * 160, i * 20);
  assert.equal(s.packetsReceived, 100);
  assert.equal(s.cumulativeLost, 0);
  assert.equal(s.jitterMs, 0);
});

test('loss counted across a sequence wrap (RFC 3550 A.1, A.3)', () => {
  const s = new RtpReceiverStats(8000);
  let t = 0;
  for (let seq = 65530; seq < 65536 + 10; seq++) {
    if (seq === 65534 || seq === 65537) continue; // two losses, one each side of the wrap
    s.onPacket(seq & 0xffff, seq * 160, t);
    t += 20;
  }
  assert.equal(s.cumulativeLost, 2);
  assert.equal(s.extendedMax, 65536 + 9);
  const rr = s.reportBlock(42, t);
  assert.equal(rr.cumulativeLost, 2);
  assert.equal(rr.fractionLost, Math.floor((2 * 256) / 16));
  // The next interval with no loss reports fraction 0.
  s.onPacket((65536 + 10) & 0xffff, (65536 + 10) * 160, t + 20);
  assert.equal(s.reportBlock(42, t + 20).fractionLost, 0);
});

test('a duplicate is not a loss and not a new maximum', () => {
  const s = new RtpReceiverStats(8000);
  s.onPacket(10, 0, 0);
  s.onPacket(11, 160, 20);
  assert.equal(s.onPacket(11, 160, 21), 'duplicate-or-reordered');
  s.onPacket(12, 320, 40);
  assert.equal(s.extendedMax, 12);
  // Received 4 against 3 expected: A.3 lets the count go negative on duplicates.
  assert.equal(s.cumulativeLost, -1);
});

test('interarrival jitter follows A.8 on alternating early/late arrivals', () => {
  const s = new RtpReceiverStats(8000);
  // Arrivals alternate 5 ms late/on time: |D| = 40 timestamp units for every pair after the first.
  let expected = 0;
  for (let i = 0; i < 200; i++) {
    s.onPacket(i, i * 160, i * 20 + (i % 2 === 1 ? 5 : 0));
    if (i > 0) expected += (40 - expected) / 16;
  }
  assert.ok(Math.abs(s.jitterTimestampUnits - expected) < 1e-9);
  assert.ok(Math.abs(s.jitterMs - 5) < 0.01, String(s.jitterMs));
});

test('a big sequence jump restarts the count only after two sequential packets (A.1)', () => {
  const s = new RtpReceiverStats(8000);
  for (let i = 0; i < 10; i++) s.onPacket(i, i * 160, i * 20);
  assert.equal(s.onPacket(30000, 0, 220), 'jump');
  assert.equal(s.onPacket(30001, 160, 240), 'jump');
  assert.equal(s.onPacket(30002, 320, 260), 'in-order');
  assert.equal(s.cumulativeLost, 0);
});

test('LSR/DLSR come from the last SR (§6.4.1)', () => {
  const s = new RtpReceiverStats(8000);
  s.onPacket(1, 0, 0);
  s.onSenderReport(0x12345678, 0x9abcdef0, 1000);
  const rr = s.reportBlock(1, 1500);
  assert.equal(rr.lastSr, 0x56789abc);
  assert.equal(rr.delaySinceLastSr, 32768);
});
