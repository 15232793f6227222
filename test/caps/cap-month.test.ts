import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capMonthOf } from '../../src/caps/cap-month.ts';
import { crossedThresholds, isOverCap, reachedThresholds } from '../../src/caps/cap-thresholds.ts';

const iso = (ms: number) => new Date(ms).toISOString();

test('months cut at the tenant\'s local midnight (Asia/Shanghai, UTC+8)', () => {
  // 2026-11-30T16:00Z is 1 December 00:00 in Shanghai.
  const dec = capMonthOf(Date.parse('2026-11-30T16:00:00.000Z'), 'Asia/Shanghai');
  assert.deepEqual([dec.key, iso(dec.fromMs), iso(dec.toMs)], ['2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  const nov = capMonthOf(Date.parse('2026-11-30T15:59:59.999Z'), 'Asia/Shanghai');
  assert.deepEqual([nov.key, iso(nov.fromMs), iso(nov.toMs)], ['2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
});

test('December rolls into January of the next year', () => {
  const m = capMonthOf(Date.parse('2026-12-31T15:00:00.000Z'), 'Asia/Shanghai');
  assert.deepEqual([m.key, iso(m.toMs)], ['2026-12', '2026-12-31T16:00:00.000Z']);
  const j = capMonthOf(Date.parse('2026-12-31T16:00:00.000Z'), 'Asia/Shanghai');
  assert.equal(j.key, '2027-01');
});

test('a month with a DST change has the right bounds (America/New_York, March 2026)', () => {
  const m = capMonthOf(Date.parse('2026-03-15T12:00:00.000Z'), 'America/New_York');
  // Starts at EST (UTC-5), ends at EDT (UTC-4).
  assert.deepEqual([m.key, iso(m.fromMs), iso(m.toMs)], ['2026-03', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
});

test('thresholds: 80 % and 100 % crossed once, with integer arithmetic', () => {
  assert.deepEqual(crossedThresholds(3, 4, 5), [80]);
  assert.deepEqual(crossedThresholds(4, 5, 5), [100]);
  assert.deepEqual(crossedThresholds(1, 2, 2), [80, 100], 'a jump past both raises both, in order');
  assert.deepEqual(crossedThresholds(0, 1, 2), []);
  assert.deepEqual(crossedThresholds(5, 6, 5), [], 'already past: nothing new');
  assert.deepEqual(crossedThresholds(7_999, 8_000, 10_000), [80]);
  assert.deepEqual(crossedThresholds(7_998, 7_999, 10_000), []);
  assert.deepEqual(crossedThresholds(0, 1, 0), [], 'a zero cap has nothing to cross');
  assert.deepEqual(reachedThresholds(9, 10), [80]);
  assert.deepEqual(reachedThresholds(0, 0), [80, 100]);
  assert.equal(isOverCap(2, 2), true);
  assert.equal(isOverCap(1, 2), false);
  assert.equal(isOverCap(1_000_000, null), false);
});
