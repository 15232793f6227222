import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { deleteNumberPolicy, getNumberPolicy, setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { PolicyError } from '../../src/routing/number-policy.ts';

forEachDialect('number policies', ({ open }) => {
  test('a policy is stored per number and tenant, replaced as a whole, and removed', async () => {
    const { db } = await open();
    const at = new Date('2026-01-02T03:04:05.000Z');
    await setNumberPolicy(db, 't1', '4006123456', { memory: { days: 7 } }, { by: 'u1', now: at });
    assert.deepEqual(await getNumberPolicy(db, 't1', '4006123456'), { policy: { memory: { days: 7 } }, updatedAt: at.toISOString(), updatedBy: 'u1' });
    assert.equal(await getNumberPolicy(db, 't2', '4006123456'), undefined, 'another tenant sees nothing');
    await setNumberPolicy(db, 't1', '4006123456', { blocking: { anonymous: true } });
    assert.deepEqual((await getNumberPolicy(db, 't1', '4006123456'))?.policy, { blocking: { anonymous: true } });
    assert.equal(await deleteNumberPolicy(db, 't2', '4006123456'), false);
    assert.equal(await deleteNumberPolicy(db, 't1', '4006123456'), true);
    assert.equal(await getNumberPolicy(db, 't1', '4006123456'), undefined);
  });

  test('a bad policy is refused and changes nothing', async () => {
    const { db } = await open();
    await setNumberPolicy(db, 't1', '4006123456', { memory: { days: 7 } });
    await assert.rejects(setNumberPolicy(db, 't1', '4006123456', { memory: { days: 0 } }), PolicyError);
    assert.deepEqual((await getNumberPolicy(db, 't1', '4006123456'))?.policy, { memory: { days: 7 } });
  });
});
