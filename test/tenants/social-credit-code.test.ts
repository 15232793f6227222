import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSocialCreditCode, socialCreditCheckChar } from '../../src/tenants/social-credit-code.ts';

// Codes published on enterprises' licences (public registry data).
const REAL_CODES = ['91350100M000100Y43', '91110000802100433B', '911100001000128855', '91440300708461136T'];

test('accepts real codes and computes their check character', () => {
  for (const code of REAL_CODES) {
    assert.equal(parseSocialCreditCode(code), code);
    assert.equal(socialCreditCheckChar(code.slice(0, 17)), code.charAt(17));
  }
});

test('normalises case and surrounding blanks', () => {
  assert.equal(parseSocialCreditCode('  91350100m000100y43 '), '91350100M000100Y43');
});

test('a check value of 31 is written 0', () => {
  // Find a 17-symbol body whose weighted sum is ≡ 0 (mod 31) by varying the last body symbol.
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = [...alphabet].map((c) => `9111000010001288${c}`).find((b) => socialCreditCheckChar(b) === '0');
  assert.ok(body, 'some body symbol yields check 0');
  assert.equal(parseSocialCreditCode(`${body}0`), `${body}0`);
});

test('every single-symbol change of a valid code is refused', () => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const code = REAL_CODES[0] ?? '';
  for (let i = 0; i < 18; i += 1) {
    for (const c of alphabet) {
      if (c === code.charAt(i)) continue;
      const changed = code.slice(0, i) + c + code.slice(i + 1);
      assert.equal(parseSocialCreditCode(changed), undefined, changed);
    }
  }
});

test('refuses wrong length, forbidden letters and non-digit region codes', () => {
  for (const bad of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100M000100I43', '91350100M000100O43',
    '9135A100M000100Y43', '91350100M000100S43', '91350100M000100Z43', '91350100M000100V43', '９1350100M000100Y43']) {
    assert.equal(parseSocialCreditCode(bad), undefined, bad);
  }
});

test('socialCreditCheckChar refuses foreign symbols', () => {
  assert.throws(() => socialCreditCheckChar('9135010OM000100Y4'), RangeError);
});

test('random text never throws, and whatever passes has a correct check character', () => {
  let seed = 32100;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz -中';
  let accepted = 0;
  for (let i = 0; i < 20_000; i += 1) {
    const len = next() < 0.8 ? 18 : Math.floor(next() * 30);
    let s = '';
    for (let j = 0; j < len; j += 1) s += chars[Math.floor(next() * chars.length)];
    const code = parseSocialCreditCode(s);
    if (code !== undefined) {
      accepted += 1;
      assert.equal(socialCreditCheckChar(code.slice(0, 17)), code.charAt(17));
    }
  }
  assert.ok(accepted < 200, `${accepted} random strings passed`);
});
