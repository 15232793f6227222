import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { openDatabase, DatabaseUrlError } from '../../src/db/database.ts';
import { dialectOf } from '../../src/db/dialect.ts';
import { checkMigrations, migrateToLatest, MigrationError } from '../../src/db/migrate.ts';
import { withTransaction } from '../../src/db/transaction.ts';
import { newId, toDbTimestamp } from '../../src/db/conventions.ts';
import { forEachDialect } from '../support/databases.ts';
import { findPostgresBin } from '../support/postgres-cluster.ts';

// A `type`, not an `interface`: withTables needs an index-signature-compatible shape.
type Tables = {
  t_item: { id: string; amount_li: number; created_at: string; flag: number };
};

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function migrationsFolder(files: Record<string, string>): string {
  const dir = tempDir('hotline-mig-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CREATE_ITEMS = `export async function up(db) {
  await db.schema.createTable('t_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('amount_li', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('flag', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
export async function down(db) { await db.schema.dropTable('t_item').execute(); }
`;

test('a URL that is not PostgreSQL is refused with a code', async () => {
  await assert.rejects(openDatabase({ url: 'mysql://x@y/z', dataDir: tmpdir() }), (e: unknown) => {
    assert.ok(e instanceof DatabaseUrlError);
    assert.equal(e.code, 'DB_URL_UNSUPPORTED');
    return true;
  });
});

test('SQLite opens in WAL mode with foreign keys on, in a data dir it creates', async () => {
  const parent = tempDir('hotline-db-');
  const database = await openDatabase({ dataDir: join(parent, 'nested', 'data') });
  try {
    assert.equal(database.dialect, 'sqlite');
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    assert.equal(fk.rows[0]?.foreign_keys, 1);
  } finally {
    await database.close();
    await database.close(); // idempotent
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a migration file with a bad name is refused loudly', async () => {
  const folder = migrationsFolder({ 'create-items.ts': CREATE_ITEMS });
  const database = await openDatabase({ dataDir: tempDir('hotline-db-') });
  try {
    await assert.rejects(migrateToLatest(database.db, { folder }), /MIGRATION_BAD_FILE|not named/);
  } finally {
    await database.close();
  }
});

forEachDialect('db plumbing', ({ dialect, open, openEmpty }) => {
  test('dialectOf names the dialect; open() gives a database migrated to the latest', async () => {
    const { db } = await open();
    assert.deepEqual((await checkMigrations(db, { requireLatest: true })).pending, []);
    assert.equal(dialectOf(db), dialect);
  });

  test('migrations run from a folder, then checkMigrations refuses a database newer than the code', async () => {
    const { db } = await openEmpty();
    const v1 = migrationsFolder({ '202611221500-test-items.ts': CREATE_ITEMS });
    assert.deepEqual(await migrateToLatest(db, { folder: v1 }), ['202611221500-test-items']);
    assert.deepEqual(await migrateToLatest(db, { folder: v1 }), []);
    assert.deepEqual(await checkMigrations(db, { folder: v1 }), { applied: ['202611221500-test-items'], pending: [] });

    const v2 = migrationsFolder({
      '202611221500-test-items.ts': CREATE_ITEMS,
      '202611221600-test-index.ts': `export async function up(db) { await db.schema.createIndex('t_item_created').on('t_item').column('created_at').execute(); }`,
    });
    const before = await checkMigrations(db, { folder: v2 });
    assert.deepEqual(before.pending, ['202611221600-test-index']);
    await assert.rejects(checkMigrations(db, { folder: v2, requireLatest: true }), (e: unknown) => {
      assert.ok(e instanceof MigrationError);
      assert.equal(e.code, 'DB_NOT_MIGRATED');
      return true;
    });
    await migrateToLatest(db, { folder: v2 });
    // Old code against the newer database: refused, by migrateToLatest (start-up) too.
    await assert.rejects(migrateToLatest(db, { folder: v1 }), (e: unknown) => e instanceof MigrationError && e.code === 'DB_NEWER_THAN_CODE');
    await assert.rejects(checkMigrations(db, { folder: v1 }), (e: unknown) => {
      assert.ok(e instanceof MigrationError);
      assert.equal(e.code, 'DB_NEWER_THAN_CODE');
      assert.deepEqual(e.details, ['202611221600-test-index']);
      return true;
    });
    rmSync(v1, { recursive: true, force: true });
    rmSync(v2, { recursive: true, force: true });
  });

  test('a failing migration is reported with its name and leaves nothing half-done', async () => {
    const { db } = await openEmpty();
    const folder = migrationsFolder({
      '202611221500-test-items.ts': CREATE_ITEMS,
      '202611221700-test-broken.ts': `export async function up(db) {
        await db.schema.createTable('t_half').addColumn('id', 'text').execute();
        throw new Error('boom');
      }`,
    });
    await assert.rejects(migrateToLatest(db, { folder }), (e: unknown) => {
      assert.ok(e instanceof MigrationError);
      assert.equal(e.code, 'MIGRATION_FAILED');
      assert.deepEqual(e.details, ['202611221700-test-broken']);
      return true;
    });
    // The batch is one transaction on both dialects: nothing of it stays.
    const state = await checkMigrations(db, { folder });
    assert.deepEqual(state.pending, ['202611221500-test-items', '202611221700-test-broken']);
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    assert.ok(!tables.includes('t_half'));
    assert.ok(!tables.includes('t_item'));
  });

  test('bigint money comes back as a JS number; timestamps round-trip as ISO text', async () => {
    const { db: raw } = await openEmpty();
    await migrateToLatest(raw, { folder: migrationsFolder({ '202611221500-test-items.ts': CREATE_ITEMS }) });
    const db = raw.withTables<Tables>();
    const big = 2 ** 53 - 1;
    const at = toDbTimestamp(new Date(Date.UTC(2026, 10, 22, 15, 33, 37)));
    assert.equal(at, '2026-11-22T15:33:37.000Z');
    await db.insertInto('t_item').values({ id: newId(), amount_li: big, created_at: at, flag: 1 }).execute();
    await db.insertInto('t_item').values({ id: newId(), amount_li: 5, created_at: at, flag: 0 }).execute();
    const row = await db.selectFrom('t_item').selectAll().where('amount_li', '=', big).executeTakeFirstOrThrow();
    assert.equal(row.amount_li, big);
    assert.equal(row.created_at, at);
    const agg = await db
      .selectFrom('t_item')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_li').as('total')])
      .where('flag', '=', 0)
      .executeTakeFirstOrThrow();
    assert.equal(agg.n, 1);
    assert.equal(agg.total, 5);
  });

  test('withTransaction commits, rolls back on throw, and nests into the outer transaction', async () => {
    const { db: raw } = await openEmpty();
    await migrateToLatest(raw, { folder: migrationsFolder({ '202611221500-test-items.ts': CREATE_ITEMS }) });
    const db = raw.withTables<Tables>();
    const at = toDbTimestamp(new Date(0));
    const insert = (d: Kysely<Tables>, id: string) =>
      d.insertInto('t_item').values({ id, amount_li: 1, created_at: at, flag: 0 }).execute();
    await withTransaction(db, (trx) => insert(trx, 'committed'));
    await assert.rejects(
      withTransaction(db, async (trx) => {
        await insert(trx, 'outer');
        await withTransaction(trx, (inner) => insert(inner, 'inner'));
        throw new Error('abort');
      }),
      /abort/,
    );
    const ids = (await db.selectFrom('t_item').select('id').execute()).map((r) => r.id);
    assert.deepEqual(ids, ['committed']);
  });
});

test('the migrations folder of the code loads (every domain file well named)', async () => {
  const dir = tempDir('hotline-db-');
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(database.db);
    const state = await checkMigrations(database.db, { requireLatest: true });
    assert.deepEqual(state.pending, []);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without PostgreSQL installed the store tests fail loudly instead of skipping', () => {
  assert.throws(() => findPostgresBin(join(tmpdir(), 'no-such-postgresql-root')), /PostgreSQL is not installed/);
  assert.match(findPostgresBin(), /\/usr\/lib\/postgresql\/\d+\/bin$/);
});
