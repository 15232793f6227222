import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { listBoundPhones, setBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { BoundPhoneError } from '../../src/routing/bound-phone.ts';

forEachDialect('bound phones', ({ open }) => {
  test('phones are replaced as a whole and kept in ring order', async () => {
    const { db } = await open();
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'pstn', target: '+8613800138000' }, { kind: 'sip', target: '1001' }]);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'pstn', target: '+8613800138000' }, { kind: 'sip', target: '1001' }]);
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1002' }]);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'sip', target: '1002' }]);
    assert.deepEqual(await listBoundPhones(db, 't2', '4006123456'), []);
  });

  test('bad lists are refused and change nothing', async () => {
    const { db } = await open();
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1001' }]);
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ kind: 'pstn' as const, target: `+861380013${String(i).padStart(4, '0')}` }));
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', tooMany), BoundPhoneError);
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', [{ kind: 'pstn', target: '13800138000' }]), /E\.164/);
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1' }, { kind: 'sip', target: '1' }]), /bound twice/);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'sip', target: '1001' }]);
  });
});
