import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTelephoneEvent, encodeTelephoneEvent } from '../../../src/media/dtmf/telephone-event.ts';
import { digitToEvent, eventToDigit } from '../../../src/media/dtmf/dtmf-digit.ts';
import { DtmfError } from '../../../src/media/dtmf/dtmf-error.ts';

test('payload bytes round trip (RFC 4733 §2.3 layout)', () => {
  // Digit '1', volume 10, duration 400: E=0.
  assert.deepEqual([...encodeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 400 })], [0x01, 0x0a, 0x01, 0x90]);
  // '#', end, volume 10, duration 2240 (SIPp's dtmf_2833_pound.pcap final packet: 0b8a08c0).
  assert.equal(encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 2240 }).toString('hex'), '0b8a08c0');
  assert.deepEqual(decodeTelephoneEvent(Buffer.from('0b8a08c0', 'hex')), { event: 11, end: true, volume: 10, duration: 2240 });
  // The R bit is ignored (§2.3.3).
  assert.deepEqual(decodeTelephoneEvent(Buffer.from('05ca0001', 'hex')), { event: 5, end: true, volume: 10, duration: 1 });
  // Extra bytes (e.g. a second event block) do not disturb the first.
  assert.equal(decodeTelephoneEvent(Buffer.from('030a00a0ffffffff', 'hex')).event, 3);
});

test('bad payloads and fields are refused with DtmfError', () => {
  assert.throws(() => decodeTelephoneEvent(Buffer.from('0102', 'hex')), (e: unknown) => e instanceof DtmfError && e.code === 'payload-short');
  assert.throws(() => encodeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 }), DtmfError);
  assert.throws(() => encodeTelephoneEvent({ event: 1, end: false, volume: 1, duration: 0x10000 }), DtmfError);
});

test('event codes map to digits (RFC 4733 §3.2)', () => {
  assert.equal([...Array(17).keys()].map((e) => eventToDigit(e)).join(''), '0123456789*#ABCDF');
  assert.equal(eventToDigit(17), undefined);
  assert.equal(digitToEvent('#'), 11);
  assert.equal(digitToEvent('a'), 12);
  assert.equal(digitToEvent('x'), undefined);
  assert.equal(digitToEvent('12'), undefined);
});
