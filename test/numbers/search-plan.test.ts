import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSearch, shapeShare } from '../../src/numbers/search-plan.ts';

test('shape shares', () => {
  assert.equal(shapeShare('AAA'), 0.01);
  assert.equal(shapeShare('AABB'), 0.009);
  assert.ok(Math.abs(shapeShare('ABCABC') - 0.00072) < 1e-12);
  assert.equal(shapeShare('AAAAA'), 0.0001);
});

test('the search path: selective ranges drive, dense filters read in number order', () => {
  const base = { byStatus: true };
  assert.deepEqual(planSearch({ ...base, tenantId: 't1', endsWith: '8888' }), { kind: 'tenant' });
  const e = planSearch({ ...base, endsWith: '8888' });
  assert.ok(e.kind === 'range' && e.column === 'rev_digits' && Math.abs(e.share - 0.0001) < 1e-12);
  assert.deepEqual(planSearch({ ...base, endsWith: '14' }), { kind: 'ordered', index: 'status' });
  assert.deepEqual(planSearch({ ...base, shape: 'AABB' }), { kind: 'ordered', index: 'status' });
  assert.equal(planSearch({ ...base, shape: 'AAAAA' }).kind, 'range');
  assert.equal(planSearch({ ...base, shape: 'ABCABC', endsWith: '8' }).kind, 'range');
  assert.deepEqual(planSearch({ ...base, contains: '520' }), { kind: 'gram' });
  assert.deepEqual(planSearch({ ...base, contains: '52' }), { kind: 'ordered', index: 'status' });
  assert.equal(planSearch({ ...base, contains: '520', endsWith: '5201314' }).kind, 'range');
  assert.deepEqual(planSearch({ ...base, classCodes: ['A'], carrier: 'unicom' }), { kind: 'ordered', index: 'class' });
  assert.deepEqual(planSearch({ ...base, classCodes: ['A', 'B'], carrier: 'unicom' }), { kind: 'ordered', index: 'carrier' });
  assert.deepEqual(planSearch({ byStatus: false }), { kind: 'ordered', index: 'none' });
  assert.equal(planSearch({ ...base, prefix: '4008123' }).kind, 'range');
});
