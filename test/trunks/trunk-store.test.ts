import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withTransaction } from '../../src/db/transaction.ts';
import { TrunkChanges, trunkChanges } from '../../src/trunks/trunk-changes.ts';
import { TrunkDirectory } from '../../src/trunks/trunk-directory.ts';
import { TrunkError } from '../../src/trunks/trunk-error.ts';
import { createTrunk, deleteTrunk, getTrunk, listTrunks, updateTrunk, upsertTrunk } from '../../src/trunks/trunk-store.ts';
import type { TrunkInput } from '../../src/trunks/trunk.ts';
import { forEachDialect } from '../support/databases.ts';

const T0 = new Date('2026-11-01T00:00:00.000Z');
const T1 = new Date('2026-11-02T00:00:00.000Z');

const unicom: TrunkInput = {
  name: 'unicom-bj',
  addresses: [' 203.0.113.10 ', '198.51.100.0/24', '2001:db8:1::/48', '203.0.113.10'],
  proxy: { host: 'sbc.unicom.example', port: 5060, transport: 'udp' },
  registration: { username: '4006123456', password: 's3cret', realm: 'unicom.example' },
  maxConcurrentCalls: 30,
};

function isTrunkError(code: string) {
  return (e: unknown) => e instanceof TrunkError && e.code === code;
}

forEachDialect('trunk store', ({ open }) => {
  test('upsert by name creates, normalises, and is idempotent', async () => {
    const { db } = await open();
    const first = await upsertTrunk(db, unicom, 'op', T0);
    assert.equal(first.created, true);
    assert.deepEqual(first.trunk.addresses, ['203.0.113.10', '198.51.100.0/24', '2001:db8:1::/48']);
    assert.equal(first.trunk.enabled, true);
    assert.deepEqual(first.trunk.registration, { username: '4006123456', password: 's3cret', realm: 'unicom.example' });
    const again = await upsertTrunk(db, unicom, 'op', T1);
    assert.equal(again.created, false);
    assert.deepEqual(again.trunk, first.trunk, 'unchanged, updated_at included');
    const changed = await upsertTrunk(db, { ...unicom, registration: null, maxConcurrentCalls: null, enabled: false }, 'op', T1);
    assert.equal(changed.trunk.registration, null);
    assert.equal(changed.trunk.maxConcurrentCalls, null);
    assert.equal(changed.trunk.enabled, false);
    assert.equal(changed.trunk.updatedAt, '2026-11-02T00:00:00.000Z');
    assert.deepEqual(await getTrunk(db, first.trunk.id), changed.trunk);
    assert.equal((await listTrunks(db)).length, 1);
  });

  test('create, rename, delete; names are unique', async () => {
    const { db } = await open();
    const a = await createTrunk(db, unicom, 'op', T0);
    const b = await createTrunk(db, { ...unicom, name: 'telecom', addresses: [] }, 'op', T0);
    await assert.rejects(createTrunk(db, unicom, 'op', T0), isTrunkError('TRUNK_NAME_TAKEN'));
    await assert.rejects(updateTrunk(db, b.id, unicom, 'op', T1), isTrunkError('TRUNK_NAME_TAKEN'));
    const renamed = await updateTrunk(db, b.id, { ...unicom, name: 'telecom-sh', addresses: ['192.0.2.1'] }, 'op', T1);
    assert.equal(renamed.name, 'telecom-sh');
    assert.deepEqual((await listTrunks(db)).map((t) => t.name), ['telecom-sh', 'unicom-bj']);
    await deleteTrunk(db, a.id, 'op');
    await assert.rejects(deleteTrunk(db, a.id, 'op'), isTrunkError('TRUNK_NOT_FOUND'));
    await assert.rejects(updateTrunk(db, a.id, unicom, 'op', T1), isTrunkError('TRUNK_NOT_FOUND'));
    assert.deepEqual((await listTrunks(db)).map((t) => t.name), ['telecom-sh']);
  });

  test('bad input is refused and writes nothing', async () => {
    const { db } = await open();
    const bad: TrunkInput[] = [
      { ...unicom, name: '' },
      { ...unicom, name: 'a b' },
      { ...unicom, addresses: ['10.0.0.1/8'] },
      { ...unicom, addresses: ['example.com'] },
      { ...unicom, addresses: ['10.0.0.0/33'] },
      { ...unicom, proxy: { ...unicom.proxy, host: 'bad host' } },
      { ...unicom, proxy: { ...unicom.proxy, port: 0 } },
      { ...unicom, proxy: { ...unicom.proxy, port: 65536 } },
      { ...unicom, proxy: { ...unicom.proxy, transport: 'sctp' as never } },
      { ...unicom, registration: { username: '', password: 'x', realm: null } },
      { ...unicom, registration: { username: 'u', password: '', realm: null } },
      { ...unicom, maxConcurrentCalls: 0 },
      { ...unicom, maxConcurrentCalls: 2.5 },
      { ...unicom, addresses: Array.from({ length: 257 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) },
    ];
    for (const input of bad) await assert.rejects(upsertTrunk(db, input, 'op', T0), isTrunkError('INVALID_TRUNK'), JSON.stringify(input).slice(0, 120));
    assert.deepEqual(await listTrunks(db), []);
  });

  test('IPv6 literal proxies are stored without brackets', async () => {
    const { db } = await open();
    const t = await createTrunk(db, { ...unicom, proxy: { host: '[2001:db8::5]', port: 5080, transport: 'tcp' } }, 'op', T0);
    assert.deepEqual(t.proxy, { host: '2001:db8::5', port: 5080, transport: 'tcp' });
  });

  test('the directory follows committed changes', async () => {
    const { db } = await open();
    const changes = new TrunkChanges();
    const directory = new TrunkDirectory(db, { refreshIntervalMs: 0, changes });
    const seen: number[] = [];
    const off = trunkChanges.subscribe(() => seen.push(1));
    try {
      await directory.start();
      assert.equal(directory.matchSource('203.0.113.10'), undefined);
      const { trunk } = await upsertTrunk(db, unicom, 'op', T0);
      assert.equal(seen.length, 1, 'a store write outside a transaction announces itself');
      changes.announce();
      await directory.refresh();
      assert.equal(directory.matchSource('::ffff:198.51.100.7')?.id, trunk.id);
      assert.equal(directory.byId(trunk.id)?.name, 'unicom-bj');
      assert.equal(directory.byName('unicom-bj')?.id, trunk.id);
      await withTransaction(db, (trx) => upsertTrunk(trx, { ...unicom, enabled: false }, 'op', T1));
      assert.equal(seen.length, 1, 'inside a transaction the caller announces after commit');
      await directory.refresh();
      assert.equal(directory.matchSource('203.0.113.10'), undefined, 'disabled');
      assert.equal(directory.list().length, 1);
    } finally {
      off();
      directory.stop();
    }
  });

  test('a failed reload keeps the last list', async () => {
    const { db } = await open();
    await upsertTrunk(db, unicom, 'op', T0);
    const errors: unknown[] = [];
    const directory = new TrunkDirectory(db, { refreshIntervalMs: 0, changes: new TrunkChanges(), onError: (e) => errors.push(e) });
    await directory.start();
    await db.withTables<{ trunks: { addresses: string } }>().updateTable('trunks').set({ addresses: 'not json' }).execute();
    await directory.refresh();
    assert.equal(errors.length, 1);
    assert.equal(directory.matchSource('203.0.113.10')?.name, 'unicom-bj');
    directory.stop();
  });
});
