/**
 * Runs a store test suite on both dialects, as Kysely's own suite does:
 *
 *   forEachDialect('numbers store', ({ dialect, open }) => {
 *     test('…', async () => { const { db } = await open(); … });
 *   });
 *
 * `open()` gives a fresh, fully migrated database (a temp SQLite file, or a new database in the
 * process's private PostgreSQL cluster, or on `HOTLINE_TEST_PG_URL` when set). Every database
 * opened in a suite is closed (and dropped / removed) after it. PostgreSQL missing → the suite FAILS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/database.ts';
import type { DialectName } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { privateCluster } from './postgres-cluster.ts';

export interface DialectContext {
  readonly dialect: DialectName;
  /** A fresh, migrated database; closed automatically after the suite. */
  open(): Promise<Database>;
  /** A fresh database with no migrations run (tests of migrations themselves). */
  openEmpty(): Promise<Database>;
}

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function forEachDialect(suiteName: string, fn: (ctx: DialectContext) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${suiteName} [${dialect}]`, () => {
      const cleanups: Array<() => Promise<void>> = [];
      after(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });
      const track = async (opening: Promise<Opened>) => {
        const { database, cleanup } = await opening;
        cleanups.push(cleanup);
        return database;
      };
      fn({
        dialect,
        open: () => track(openFresh(dialect)),
        openEmpty: () => track(openEmpty(dialect)),
      });
    });
  }
}

interface Opened {
  database: Database;
  cleanup: () => Promise<void>;
}

/** A fresh migrated database of one dialect, outside any suite (the caller cleans up). */
export async function openFresh(dialect: DialectName): Promise<Opened> {
  const opened = await openEmpty(dialect);
  try {
    await migrateToLatest(opened.database.db);
  } catch (err) {
    await opened.cleanup();
    throw err;
  }
  return opened;
}

/** A fresh database with no migrations run (the caller cleans up). */
export function openEmpty(dialect: DialectName): Promise<Opened> {
  return dialect === 'sqlite' ? openSqlite() : openPostgres();
}

async function openSqlite(): Promise<Opened> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-sqlite-'));
  const database = await openDatabase({ dataDir });
  return {
    database,
    cleanup: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

async function openPostgres(): Promise<Opened> {
  const external = process.env.HOTLINE_TEST_PG_URL?.trim();
  const serverUrl = external !== undefined && external !== '' ? external : `${(await privateCluster()).baseUrl}/postgres`;
  const name = `hotline_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href, dataDir: tmpdir() });
  return {
    database,
    cleanup: async () => {
      await database.close();
      // Our private cluster is deleted wholesale at exit; a shared server must not fill up.
      if (external) await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
