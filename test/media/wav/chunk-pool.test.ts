import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkPool } from '../../../src/media/wav/chunk-pool.ts';

test('a returned chunk is reused for the same size; idle bytes are capped', () => {
  const pool = new ChunkPool(100);
  const a = pool.take(60);
  assert.equal(a.length, 60);
  pool.give(a);
  assert.equal(pool.idleBytes, 60);
  assert.equal(pool.take(60), a, 'reused');
  assert.equal(pool.idleBytes, 0);
  assert.notEqual(pool.take(40), a, 'another size gets its own buffer');
  const b = pool.take(60);
  pool.give(a);
  pool.give(b); // 120 > 100: left to the GC
  assert.equal(pool.idleBytes, 60);
});
