/**
 * Opens the platform's store: an embedded SQLite file by default, PostgreSQL when a `postgres://`
 * URL is given. Domains type their own tables with `db.withTables<MyTables>()`; this file knows no
 * table.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import type { DialectAdapter, SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

export interface Database {
  /** The query builder; domains narrow it with `db.withTables<MyTables>()`. */
  readonly db: Kysely<object>;
  readonly dialect: DialectName;
  /** Closes the file or the pool. Safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…` (or `postgresql://…`); absent or empty → SQLite in `dataDir`. */
  url?: string;
  /** Directory for the SQLite file `hotline.sqlite` (created when missing). */
  dataDir: string;
  /**
   * SQLite: checkpoint the write-ahead log from a worker thread instead of inside commits
   * (`wal-checkpointer.ts`). The running platform wants it; short-lived tools and tests don't.
   */
  backgroundCheckpoints?: boolean;
}

/** The SQLite file name inside the data directory. */
export const SQLITE_FILE_NAME = 'hotline.sqlite';

/** Thrown for a URL that is neither absent nor PostgreSQL. */
export class DatabaseUrlError extends Error {
  readonly code = 'DB_URL_UNSUPPORTED';
  constructor(url: string) {
    super(`unsupported database URL scheme in '${redactUrl(url)}' (expected postgres://…)`);
    this.name = 'DatabaseUrlError';
  }
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const url = opts.url?.trim();
  if (url === undefined || url === '') return openSqlite(opts.dataDir, opts.backgroundCheckpoints ?? false);
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url);
  throw new DatabaseUrlError(url);
}

async function openSqlite(dataDir: string, backgroundCheckpoints: boolean): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SQLITE_FILE_NAME);
  const file = new BetterSqlite3(path);
  // WAL lets readers (reports, API) run while a writer (CDR, ledger) commits; NORMAL sync is
  // durable across process crashes in WAL mode (only an OS crash can lose the last commit).
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  // SQLite ignores REFERENCES unless told otherwise, per connection.
  file.pragma('foreign_keys = ON');
  // A second process (e.g. `hotline import` next to a running server) waits instead of failing.
  file.pragma('busy_timeout = 5000');
  const db = new Kysely<object>({ dialect: new TransactionalDdlSqliteDialect({ database: statementCache(file) }) });
  if (!backgroundCheckpoints) return { db, dialect: 'sqlite', close: once(() => db.destroy()) };
  file.pragma('wal_autocheckpoint = 0');
  const checkpointer = await WalCheckpointer.start(path, {
    // Without the thread the log would grow without end: commits checkpoint again.
    onFailure: () => {
      if (file.open) file.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    },
  });
  return {
    db,
    dialect: 'sqlite',
    close: once(async () => {
      await checkpointer.stop();
      await db.destroy();
    }),
  };
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew and better-sqlite3 compiles SQL on every `prepare`; a call
 * runs a dozen statements of a few dozen distinct texts, so prepared statements are kept by their
 * SQL (bounded, oldest out first). Reuse is safe: Kysely runs one query at a time on this
 * connection, and nothing here streams (`stmt.iterate`), which would hold a statement busy.
 */
function statementCache(file: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = file.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
    close() {
      file.close();
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, types: integerTypes, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: once(() => db.destroy()) };
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its migrator would
 * leave a failed migration half-applied. Saying so makes a failed batch roll back on both dialects.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 (bigint, count(*), sum of integers) and numeric as strings by default. Money is
 * integer li, always below 2^53, so we parse them to numbers — and refuse loudly rather than round.
 */
const integerTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return parseExactNumber;
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

function parseExactNumber(value: string): number {
  const n = Number(value);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new RangeError(`database integer ${value} exceeds 2^53 and cannot be a JS number`);
  }
  return n;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
