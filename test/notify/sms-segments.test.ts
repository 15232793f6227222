import assert from 'node:assert/strict';
import { test } from 'node:test';
import smpp from 'smpp';
import { codingFor, splitSms } from '../../src/notify/sms-segments.ts';

function decode(seg: { shortMessage: Buffer; dataCoding: number; esmClass: number }): { udh: Buffer | undefined; text: string } {
  const udh = seg.esmClass & 0x40 ? seg.shortMessage.subarray(0, (seg.shortMessage[0] ?? 0) + 1) : undefined;
  const body = udh ? seg.shortMessage.subarray(udh.length) : seg.shortMessage;
  return { udh, text: seg.dataCoding === 0x08 ? smpp.encodings.UCS2.decode(body) : smpp.encodings.ASCII.decode(body) };
}

test('Chinese text goes as one UCS2 message up to 70 characters', () => {
  const text = '【Hotline】未接来电：13912345678 于 2026-11-22 16:00 拨打 400-612-3456';
  assert.equal(codingFor(text), 'ucs2');
  const parts = splitSms(text, 1);
  assert.equal(parts.length, 1);
  assert.equal(parts[0]?.dataCoding, 0x08);
  assert.equal(parts[0]?.esmClass, 0);
  assert.equal(decode(parts[0]!).text, text);
  assert.equal(splitSms('中'.repeat(70), 1).length, 1);
  assert.equal(splitSms('中'.repeat(71), 1).length, 2);
});

test('long UCS2 text splits into 67-unit parts with a concatenation UDH', () => {
  const text = '未接来电提醒'.repeat(30);
  const parts = splitSms(text, 0x1ab);
  assert.equal(parts.length, Math.ceil(180 / 67));
  parts.forEach((p, i) => {
    const { udh } = decode(p);
    assert.deepEqual([...(udh ?? [])], [0x05, 0x00, 0x03, 0xab, parts.length, i + 1]);
    assert.equal(p.esmClass, 0x40);
    assert.ok(p.shortMessage.length <= 140);
  });
  assert.equal(parts.map((p) => decode(p).text).join(''), text);
});

test('a surrogate pair is never cut between parts', () => {
  const text = `${'中'.repeat(66)}😀${'文'.repeat(10)}`;
  const parts = splitSms(text, 3);
  assert.equal(parts.map((p) => decode(p).text).join(''), text);
  assert.equal(decode(parts[0]!).text, '中'.repeat(66));
});

test('GSM text: 160 characters in one, 153 per part beyond', () => {
  assert.equal(codingFor('Missed call from 13912345678'), 'gsm7');
  assert.equal(splitSms('a'.repeat(160), 1).length, 1);
  const parts = splitSms('b'.repeat(161), 1);
  assert.equal(parts.length, 2);
  assert.equal(parts[0]?.dataCoding, 0x00);
  assert.equal(decode(parts[0]!).text.length, 153);
});

test('more than 255 parts is refused', () => {
  assert.throws(() => splitSms('中'.repeat(67 * 256), 1), RangeError);
});
