import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIpAddress, parseIpPrefix, prefixContains } from '../../src/trunks/ip-prefix.ts';
import { TrunkMatcher } from '../../src/trunks/trunk-matcher.ts';
import { seededRandom } from '../../src/random/seeded-random.ts';

const ALPHABET = '0123456789abcdefABCDEF:.[]/%x -';

test('random text never throws and yields only well-formed results', () => {
  const next = seededRandom(4475);
  const matcher = new TrunkMatcher([]);
  for (let i = 0; i < 20_000; i += 1) {
    const len = Math.floor(next() * 48);
    let s = '';
    for (let j = 0; j < len; j += 1) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    const a = parseIpAddress(s);
    if (a) assert.ok(a.value >= 0n && a.value < (a.family === 4 ? 1n << 32n : 1n << 128n), s);
    const p = parseIpPrefix(s);
    if (p) assert.ok(p.length >= 0 && p.length <= (p.family === 4 ? 32 : 128), s);
    assert.equal(matcher.matchSource(s), undefined);
  }
});

test('random addresses round-trip through their text forms and sit inside their own prefixes', () => {
  const next = seededRandom(3261);
  for (let i = 0; i < 2_000; i += 1) {
    const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
    const v4 = bytes.slice(0, 4).join('.');
    const groups = Array.from({ length: 8 }, (_, g) => (((bytes[2 * g] ?? 0) << 8) | (bytes[2 * g + 1] ?? 0)).toString(16));
    const v6 = groups.join(':');
    const a4 = parseIpAddress(v4);
    const a6 = parseIpAddress(v6);
    assert.ok(a4 && a6, `${v4} ${v6}`);
    assert.deepEqual(parseIpAddress(`::ffff:${v4}`), a4);
    assert.equal(a6.family === 6 || groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff', true);
    const len = Math.floor(next() * 33);
    const masked = (a4.value >> BigInt(32 - len)) << BigInt(32 - len);
    const prefixText = [24, 16, 8, 0].map((s) => Number((masked >> BigInt(s)) & 255n)).join('.');
    const prefix = parseIpPrefix(`${prefixText}/${len}`);
    assert.ok(prefix, `${prefixText}/${len}`);
    assert.equal(prefixContains(prefix, a4), true);
  }
});
