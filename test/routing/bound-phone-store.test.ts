import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { listBoundPhones, setBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { BoundPhoneError } from '../../src/routing/bound-phone.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { systemActor } from '../../src/audit/actor.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import type { Kysely } from 'kysely';

/** SIP bound phones must name SIP users of the number's tenant. */
async function sipUsers(db: Kysely<object>, tenantId: string, names: string[]): Promise<void> {
  for (const name of names) {
    await upsertUser(db, { tenantId, username: `${tenantId}-${name}`, role: 'agent', displayName: name, sipUsername: name, sipPassword: 'phone-secret' }, systemActor('test'), usersSettings({ scrypt: TEST_SCRYPT }));
  }
}

forEachDialect('bound phones', ({ open }) => {
  test('phones are replaced as a whole and kept in ring order', async () => {
    const { db } = await open();
    await sipUsers(db, 't1', ['1001', '1002']);
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'pstn', target: '+8613800138000' }, { kind: 'sip', target: '1001' }]);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'pstn', target: '+8613800138000' }, { kind: 'sip', target: '1001' }]);
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1002' }]);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'sip', target: '1002' }]);
    assert.deepEqual(await listBoundPhones(db, 't2', '4006123456'), []);
  });

  test('bad lists are refused and change nothing', async () => {
    const { db } = await open();
    await sipUsers(db, 't1', ['1001', '1']);
    await setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1001' }]);
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ kind: 'pstn' as const, target: `+861380013${String(i).padStart(4, '0')}` }));
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', tooMany), BoundPhoneError);
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', [{ kind: 'pstn', target: '13800138000' }]), /E\.164/);
    await assert.rejects(setBoundPhones(db, 't1', '4006123456', [{ kind: 'sip', target: '1' }, { kind: 'sip', target: '1' }]), /bound twice/);
    assert.deepEqual(await listBoundPhones(db, 't1', '4006123456'), [{ kind: 'sip', target: '1001' }]);
  });
});
