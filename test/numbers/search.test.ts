import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { addNumbers } from '../../src/numbers/number-inventory.ts';
import { reserveNumber } from '../../src/numbers/number-actions.ts';
import { searchNumbers } from '../../src/numbers/number-search.ts';
import type { NumberSearchQuery } from '../../src/numbers/number-search.ts';
import { parseSearchPattern } from '../../src/numbers/search-pattern.ts';
import { canonicalShape, prefixUpperBound, searchKeys, shapePrefix } from '../../src/numbers/search-keys.ts';
import { carrierOf } from '../../src/numbers/carrier.ts';
import { classifierFor } from '../../src/numbers/classify.ts';
import { UNICOM_4006 } from '../../src/numbers/rule-sets/unicom-4006.ts';
import { NumberError } from '../../src/numbers/number-error.ts';

/** A deterministic pool: pseudo-random numbers plus vanity ones. */
function pool(): string[] {
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  const prefixes = ['4000', '4001', '4006', '4007', '4008', '4009'];
  const out = new Set<string>(['4006128888', '4008888888', '4001235200', '4006520520', '4007126688', '4009121212', '4006123456', '4008001122']);
  while (out.size < 1500) out.add(`${prefixes[next() % 6]}${String(next() % 1_000_000).padStart(6, '0')}`);
  return [...out].sort();
}

const POOL = pool();
const classifier = classifierFor(UNICOM_4006);

/** The same query answered by brute force, for comparison. */
function expected(q: { endsWith?: string; contains?: string; shape?: string; prefix?: string; classCodes?: string[]; carrier?: string }): string[] {
  return POOL.filter((n) => {
    if (q.endsWith !== undefined && !n.endsWith(q.endsWith)) return false;
    if (q.prefix !== undefined && !n.startsWith(q.prefix)) return false;
    if (q.contains !== undefined && !n.slice(3).includes(q.contains)) return false;
    if (q.shape !== undefined && canonicalShape(n.slice(-q.shape.length)) !== canonicalShape(q.shape)) return false;
    if (q.classCodes !== undefined && !q.classCodes.includes(classifier.classify(n).classCode)) return false;
    if (q.carrier !== undefined && carrierOf(n) !== q.carrier) return false;
    return true;
  });
}

test('search keys: reversed digits and the canonical reversed tail shape', () => {
  assert.deepEqual(searchKeys('4006126688'), { revDigits: '8866216004', revShape: 'AABBCD' });
  assert.equal(shapePrefix('AABB'), 'AABB');
  assert.equal(shapePrefix('AAAB'), 'ABBB');
  assert.equal(shapePrefix('XXYY'), 'AABB');
  assert.equal(prefixUpperBound('8888'), '8889');
  assert.equal(prefixUpperBound('89'), '9');
  assert.equal(prefixUpperBound('999'), undefined);
  assert.equal(prefixUpperBound('AB'), 'AC');
});

test('the search shorthand', () => {
  assert.deepEqual(parseSearchPattern('*8888'), { endsWith: '8888' });
  assert.deepEqual(parseSearchPattern('4008*'), { prefix: '4008' });
  assert.deepEqual(parseSearchPattern('520'), { contains: '520' });
  assert.deepEqual(parseSearchPattern('*520*'), { contains: '520' });
  assert.deepEqual(parseSearchPattern('contains 520'), { contains: '520' });
  assert.deepEqual(parseSearchPattern('含520'), { contains: '520' });
  assert.deepEqual(parseSearchPattern('AABB'), { shape: 'AABB' });
  assert.deepEqual(parseSearchPattern('*ABAB'), { shape: 'ABAB' });
  assert.deepEqual(parseSearchPattern('400-612-3456'), { prefix: '4006123456' });
  for (const bad of ['', '**', 'hello', '8*8', 'a'.repeat(500)]) {
    assert.throws(() => parseSearchPattern(bad), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_SEARCH_INVALID', bad);
  }
});

forEachDialect('numbers search', ({ open }) => {
  test('every kind of filter returns exactly what brute force finds, page by page', async () => {
    const { db } = await open();
    await addNumbers(db, POOL, 'op');
    const cases: Array<[NumberSearchQuery, Parameters<typeof expected>[0]]> = [
      [{ pattern: '*8888' }, { endsWith: '8888' }],
      [{ endsWith: '88' }, { endsWith: '88' }],
      [{ pattern: '520' }, { contains: '520' }],
      [{ contains: '00' }, { contains: '00' }],
      [{ contains: '5200' }, { contains: '5200' }],
      [{ contains: '1212' }, { contains: '1212' }],
      [{ contains: '888', endsWith: '8' }, { contains: '888', endsWith: '8' }],
      [{ contains: '123', carrier: 'unicom' }, { contains: '123', carrier: 'unicom' }],
      [{ shape: 'AABB' }, { shape: 'AABB' }],
      [{ shape: 'ABAB' }, { shape: 'ABAB' }],
      [{ shape: 'AAA' }, { shape: 'AAA' }],
      [{ pattern: '4009*' }, { prefix: '4009' }],
      [{ carrier: 'telecom', shape: 'AA' }, { carrier: 'telecom', shape: 'AA' }],
      [{ classCodes: ['A', 'B'] }, { classCodes: ['A', 'B'] }],
      [{ classCodes: ['D'], carrier: 'unicom' }, { classCodes: ['D'], carrier: 'unicom' }],
      [{ pattern: '400-612-3456' }, { prefix: '4006123456' }],
    ];
    for (const [query, brute] of cases) {
      const want = expected(brute);
      const got: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 200; pages++) {
        const page = await searchNumbers(db, { ...query, limit: 25, ...(after ? { after } : {}) });
        got.push(...page.items.map((i) => i.number));
        if (page.nextCursor === null) break;
        after = page.nextCursor;
      }
      assert.deepEqual(got, want, JSON.stringify(query));
    }
    assert.ok(expected({ shape: 'AABB' }).includes('4007126688'));
    assert.ok(expected({ contains: '520' }).includes('4001235200'));
  });

  test('status filter: held numbers leave the pool on offer; tenants see their own', async () => {
    const { db } = await open();
    await addNumbers(db, ['4006128888', '4008888888'], 'op');
    await reserveNumber(db, { number: '4006128888', tenantId: 't1', by: 'u', reason: 'x' });
    assert.deepEqual((await searchNumbers(db, { pattern: '*8888' })).items.map((i) => i.number), ['4008888888']);
    assert.deepEqual((await searchNumbers(db, { pattern: '*8888', status: 'any' })).items.length, 2);
    assert.deepEqual((await searchNumbers(db, { status: 'reserved', tenantId: 't1' })).items.map((i) => i.number), ['4006128888']);
    assert.deepEqual((await searchNumbers(db, { status: 'reserved', tenantId: 't2' })).items, []);
  });

  test('bad queries are refused with a code', async () => {
    const { db } = await open();
    const bad: NumberSearchQuery[] = [
      { limit: 0 }, { limit: 101 }, { limit: 1.5 }, { endsWith: '88a' }, { contains: '' }, { shape: 'aabb' },
      { shape: 'AABBCCD' }, { status: 'bogus' as 'available' }, { carrier: 'att' as 'unicom' }, { after: "'; drop" },
    ];
    for (const q of bad) {
      await assert.rejects(searchNumbers(db, q), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_SEARCH_INVALID', JSON.stringify(q));
    }
  });
});
