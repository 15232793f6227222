/**
 * Checkpoints off the committing thread: with the platform's option the connection never
 * checkpoints inside a commit (wal_autocheckpoint 0), a worker thread copies the log into the
 * database file instead, and closing leaves a complete file with no log behind.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, SQLITE_FILE_NAME } from '../../src/db/database.ts';
import { WalCheckpointer } from '../../src/db/wal-checkpointer.ts';
import type { CheckpointResult } from '../../src/db/wal-checkpointer.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hotline-wal-'));
  dirs.push(d);
  return d;
};

test('the worker copies a log the writer left alone into the database file', async () => {
  const path = join(tempDir(), 'x.sqlite');
  const writer = new BetterSqlite3(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.exec('create table t (id integer primary key, body blob)');
  const insert = writer.prepare('insert into t (body) values (?)');
  for (let i = 0; i < 1500; i++) insert.run(Buffer.alloc(2000, i % 251));
  const pending = (writer.pragma('wal_checkpoint(NOOP)') as CheckpointResult[])[0];
  assert.ok((pending?.log ?? 0) > 1000, `the log holds the writes (${pending?.log} pages)`);
  const results: CheckpointResult[] = [];
  const checkpointer = await WalCheckpointer.start(path, { intervalMs: 60_000, onCheckpoint: (r) => results.push(r) });
  try {
    checkpointer.checkpointNow();
    for (let i = 0; i < 200 && results.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [r] = results;
    assert.ok(r, 'the worker reported a checkpoint');
    assert.equal(r.busy, 0);
    assert.ok(r.log > 1000);
    assert.equal(r.checkpointed, r.log, 'every page is in the database file now');
    // The writer goes on while the worker is there; its rows are all readable afterwards.
    insert.run(Buffer.alloc(10));
    assert.equal((writer.prepare('select count(*) as n from t').get() as { n: number }).n, 1501);
  } finally {
    await checkpointer.stop();
    writer.close();
  }
});

test("the platform's database checkpoints in the background and closes with no log left", async () => {
  const dir = tempDir();
  const database = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
  assert.equal(Number(rows[0]?.wal_autocheckpoint), 0, 'commits never checkpoint');
  await sql`create table t (id integer primary key, body text)`.execute(database.db);
  for (let i = 0; i < 50; i++) await sql`insert into t (body) values (${'x'.repeat(1000)})`.execute(database.db);
  await database.close();
  assert.equal(existsSync(join(dir, `${SQLITE_FILE_NAME}-wal`)), false, 'the log was folded in and removed');
  const reopened = new BetterSqlite3(join(dir, SQLITE_FILE_NAME), { readonly: true });
  assert.equal((reopened.prepare('select count(*) as n from t').get() as { n: number }).n, 50);
  reopened.close();
});

test('tools and tests keep the automatic checkpoint', async () => {
  const database = await openDatabase({ dataDir: tempDir() });
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
  assert.equal(Number(rows[0]?.wal_autocheckpoint), 1000);
  await database.close();
});
