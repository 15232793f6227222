import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, isValidNumber, normalizeNumber, toE164, tryNormalizeNumber } from '../../src/numbers/number-format.ts';
import { carrierOf, prefixesOf } from '../../src/numbers/carrier.ts';
import { NumberError } from '../../src/numbers/number-error.ts';

test('normalises the forms people write', () => {
  for (const input of ['400-612-3456', '4006123456', '+86 400 612 3456', '0086 400-612-3456', '864006123456', '(400) 612 3456', '４００６１２３４５６', '400 6123 456']) {
    assert.equal(normalizeNumber(input), '4006123456', input);
  }
});

test('refuses what is not a 400 number, with a code', () => {
  for (const input of ['400612345', '40061234567', '4002123456', '4005123456', '8006123456', '', 'abc', '400-612-345x', '+1 400 612 3456', '9'.repeat(1000)]) {
    assert.equal(tryNormalizeNumber(input), undefined, input);
    assert.throws(() => normalizeNumber(input), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_INVALID' && e.status === 400);
  }
  assert.equal(isValidNumber('4009123456'), true);
});

test('display and E.164 forms', () => {
  assert.equal(formatNumber('4006123456'), '400-612-3456');
  assert.equal(formatNumber('+86 400 100 3721'), '400-100-3721');
  assert.equal(toE164('400-612-3456'), '+864006123456');
});

test('carrier from the prefix (N1)', () => {
  assert.equal(carrierOf('4000123456'), 'unicom');
  assert.equal(carrierOf('4006123456'), 'unicom');
  assert.equal(carrierOf('4008123456'), 'telecom');
  assert.equal(carrierOf('4009123456'), 'telecom');
  assert.equal(carrierOf('4001123456'), 'mobile');
  assert.equal(carrierOf('4007123456'), 'mobile');
  assert.equal(carrierOf('4003123456'), undefined);
  assert.deepEqual(prefixesOf('telecom').sort(), ['4008', '4009']);
});
