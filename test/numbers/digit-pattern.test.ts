import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, isRun, PatternSyntaxError } from '../../src/numbers/digit-pattern.ts';

test('letters are variables: same letter same digit, different letters different digits', () => {
  const m = compilePattern({ pattern: '4006**AABB' });
  assert.ok(m('4006126688'));
  assert.ok(!m('4006126666'), 'A and B must differ');
  assert.ok(!m('4006126689'));
  const loose = compilePattern({ pattern: '4006**AABB', distinct: false });
  assert.ok(loose('4006126666'));
});

test('X, Y, K, ×, * are wildcards', () => {
  assert.ok(compilePattern({ pattern: '4006X123XX' })('4006012315'));
  assert.ok(compilePattern({ pattern: '400K**ABAB' })('4008125858'));
  assert.ok(compilePattern({ pattern: '4006×1006×' })('4006310069'));
  assert.ok(!compilePattern({ pattern: '4006×1006×' })('4006310169'));
});

test('runs: up, down, numeric or keypad order, never wrapping', () => {
  assert.ok(isRun([...'123456'], 'up'));
  assert.ok(isRun([...'012345'], 'up'));
  assert.ok(isRun([...'567890'], 'up'));
  assert.ok(!isRun([...'890123'], 'either'));
  assert.ok(isRun([...'987654'], 'down'));
  assert.ok(isRun([...'098765'], 'down'));
  assert.ok(!isRun([...'987654'], 'up'));
  assert.ok(!isRun([...'1235'], 'either'));
  const m = compilePattern({ pattern: '4006**RRRR', run: 'up' });
  assert.ok(m('4006551234'));
  assert.ok(!m('4006554321'));
});

test('bad patterns are refused with the reason', () => {
  assert.throws(() => compilePattern({ pattern: '400***AAA' }), PatternSyntaxError);
  assert.throws(() => compilePattern({ pattern: '4006**AAB?' }), /unknown symbol/);
  assert.throws(() => compilePattern({ pattern: '4006*****R' }), /two R/);
});

test('a matcher refuses input of the wrong length', () => {
  assert.equal(compilePattern({ pattern: '4006******' })('400612345'), false);
});
