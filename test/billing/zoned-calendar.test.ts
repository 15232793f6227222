import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDate, localMidnightUtc } from '../../src/billing/zoned-calendar.ts';

const iso = (ms: number) => new Date(ms).toISOString();

test('Shanghai midnight is 16:00 UTC the day before, all year', () => {
  assert.equal(iso(localMidnightUtc(2026, 1, 1, 'Asia/Shanghai')), '2025-12-31T16:00:00.000Z');
  assert.equal(iso(localMidnightUtc(2026, 7, 15, 'Asia/Shanghai')), '2026-07-14T16:00:00.000Z');
  assert.equal(localDate(Date.parse('2025-12-31T16:00:00.000Z'), 'Asia/Shanghai'), '2026-01-01');
  assert.equal(localDate(Date.parse('2025-12-31T15:59:59.999Z'), 'Asia/Shanghai'), '2025-12-31');
});

test('half-hour zones and UTC', () => {
  assert.equal(iso(localMidnightUtc(2026, 1, 1, 'Asia/Kolkata')), '2025-12-31T18:30:00.000Z');
  assert.equal(iso(localMidnightUtc(2026, 1, 1, 'UTC')), '2026-01-01T00:00:00.000Z');
});

test('daylight saving: days around the changes start at their local midnight', () => {
  // New York springs forward at 02:00 on 8 March 2026 and falls back on 1 November.
  assert.equal(iso(localMidnightUtc(2026, 3, 8, 'America/New_York')), '2026-03-08T05:00:00.000Z');
  assert.equal(iso(localMidnightUtc(2026, 3, 9, 'America/New_York')), '2026-03-09T04:00:00.000Z');
  assert.equal(iso(localMidnightUtc(2026, 11, 1, 'America/New_York')), '2026-11-01T04:00:00.000Z');
  assert.equal(iso(localMidnightUtc(2026, 11, 2, 'America/New_York')), '2026-11-02T05:00:00.000Z');
});

test('a skipped midnight: the day starts at the jump (Santiago, September 2026)', () => {
  const start = localMidnightUtc(2026, 9, 6, 'America/Santiago');
  assert.equal(iso(start), '2026-09-06T04:00:00.000Z');
  assert.equal(localDate(start, 'America/Santiago'), '2026-09-06');
  assert.equal(localDate(start - 1, 'America/Santiago'), '2026-09-05');
});

test('a repeated hour at midnight: the day starts once the first midnight has passed (Santiago, April 2026)', () => {
  const start = localMidnightUtc(2026, 4, 5, 'America/Santiago');
  assert.equal(localDate(start, 'America/Santiago'), '2026-04-05');
  assert.equal(localDate(start - 1, 'America/Santiago'), '2026-04-04');
});

test('every day of a year: start is on the day, a millisecond earlier is not', () => {
  for (const zone of ['Asia/Shanghai', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe']) {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const date = d.toISOString().slice(0, 10);
      const start = localMidnightUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), zone);
      assert.equal(localDate(start, zone), date, `${zone} ${date}`);
      assert.notEqual(localDate(start - 1, zone), date, `${zone} ${date} - 1 ms`);
    }
  }
});
