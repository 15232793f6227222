/**
 * Prepared queries: built and compiled once per dialect, then run with new values; constants in
 * the builder stay constants, a name used twice fills both places, and a value the builder did
 * not turn into a parameter is refused at once instead of running with a marker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { PreparedQuery } from '../../src/db/prepared-query.ts';
import { withTransaction } from '../../src/db/transaction.ts';
import { forEachDialect } from '../support/databases.ts';

type Tables = { pq_item: { id: string; owner: string; amount_li: number; note: string | null } };

const insertItem = new PreparedQuery((db, p) =>
  db.withTables<Tables>().insertInto('pq_item').values({ id: p('id'), owner: p('owner'), amount_li: p<number>('amount'), note: 'seeded' }),
);
const itemsOf = new PreparedQuery((db, p) =>
  db
    .withTables<Tables>()
    .selectFrom('pq_item')
    .select(['id', 'amount_li', 'note'])
    .where((eb) => eb.or([eb('owner', '=', p('owner')), eb('id', '=', p('owner'))]))
    .orderBy('id'),
);
const bump = new PreparedQuery((db, p) =>
  db.withTables<Tables>().updateTable('pq_item').set((eb) => ({ amount_li: eb('amount_li', '+', p<number>('by')) })).where('id', '=', p('id')).returning(['id', 'amount_li']),
);

forEachDialect('prepared queries', ({ open }) => {
  test('runs the same statement with new values, constants kept, one name in two places', async () => {
    const { db } = await open();
    await db.schema.createTable('pq_item').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('owner', 'text').addColumn('amount_li', 'integer').addColumn('note', 'text').execute();
    await insertItem.execute(db, { id: 'a', owner: 'x', amount: 1 });
    await insertItem.execute(db, { id: 'b', owner: 'y', amount: 2 });
    await insertItem.execute(db, { id: 'x', owner: 'z', amount: 3 });
    const rows = (await itemsOf.execute(db, { owner: 'x' })).rows;
    assert.deepEqual(rows.map((r) => [r.id, Number(r.amount_li), r.note]), [['a', 1, 'seeded'], ['x', 3, 'seeded']]);
    assert.deepEqual((await itemsOf.execute(db, { owner: 'y' })).rows.map((r) => r.id), ['b']);
  });

  test('works inside a transaction and rolls back with it', async () => {
    const { db } = await open();
    await db.schema.createTable('pq_item').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('owner', 'text').addColumn('amount_li', 'integer').addColumn('note', 'text').execute();
    await insertItem.execute(db, { id: 'a', owner: 'x', amount: 10 });
    const bumped = await withTransaction(db, (trx) => bump.first(trx, { id: 'a', by: 5 }));
    assert.equal(Number(bumped?.amount_li), 15);
    assert.equal(await withTransaction(db, (trx) => bump.first(trx, { id: 'nobody', by: 5 })), undefined);
    await assert.rejects(
      withTransaction(db, async (trx) => {
        await bump.execute(trx, { id: 'a', by: 100 });
        throw new Error('abort');
      }),
      /abort/,
    );
    const after = await db.withTables<Tables>().selectFrom('pq_item').select('amount_li').where('id', '=', 'a').executeTakeFirstOrThrow();
    assert.equal(Number(after.amount_li), 15);
  });

  test('a value the builder does not pass as a parameter is refused', async () => {
    const { db } = await open();
    const raw = new PreparedQuery((d, p) => d.withTables<Tables>().selectFrom('pq_item').select('id').where(sql.raw<boolean>(`id = '${p('id')}'`)));
    await assert.rejects(raw.execute(db, { id: 'a' }), /value 'id' is not a parameter/);
  });
});
