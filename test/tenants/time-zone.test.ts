import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TIME_ZONE, parseTimeZone } from '../../src/tenants/time-zone.ts';

test('the default zone is Asia/Shanghai and valid', () => {
  assert.equal(DEFAULT_TIME_ZONE, 'Asia/Shanghai');
  assert.equal(parseTimeZone(DEFAULT_TIME_ZONE), 'Asia/Shanghai');
});

test('accepts IANA names', () => {
  for (const zone of ['UTC', 'Etc/UTC', 'Asia/Hong_Kong', 'America/Argentina/Buenos_Aires', 'Europe/Berlin', 'Asia/Kolkata']) {
    assert.equal(parseTimeZone(zone), zone);
  }
});

test('refuses unknown names, offsets and abbreviations', () => {
  for (const zone of ['', 'Mars/Olympus', 'asia/shanghai', '+08:00', 'CST', 'GMT+8', 'Asia/Shanghai ', '../etc/passwd']) {
    assert.equal(parseTimeZone(zone), undefined, zone);
  }
});

test('random text never throws', () => {
  const chars = 'AaSsZz/_+-09 .%\u0000中';
  for (let i = 0; i < 5_000; i += 1) {
    let s = '';
    for (let j = 0; j < (i % 40); j += 1) s += chars[(i * 7 + j * 13) % chars.length];
    const zone = parseTimeZone(s);
    if (zone !== undefined) assert.equal(zone, s);
  }
});
