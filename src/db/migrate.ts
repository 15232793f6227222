/**
 * One set of migrations for both dialects: every domain adds files named
 * `YYYYMMDDHHMM-<domain>-<what>.ts` to `src/db/migrations/`, each exporting `up(db)` (and optionally
 * `down(db)`). This loader imports them all, sorted by name. Start-up calls `checkMigrations` to
 * refuse a database that a newer release has migrated past the code.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResult } from 'kysely';

/** The folder every domain's migration files live in. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d{12})-([a-z0-9]+)(-[a-z0-9]+)*\.ts$/;
const MIGRATION_TABLE = 'kysely_migration';

export interface MigrateOptions {
  /** Another folder (tests of the loader itself); default `MIGRATIONS_FOLDER`. */
  folder?: string;
}

export type MigrationErrorCode =
  | 'MIGRATION_BAD_FILE'
  | 'MIGRATION_FAILED'
  | 'DB_NEWER_THAN_CODE'
  | 'DB_NOT_MIGRATED';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Loads every migration file of the folder, keyed by file name without `.ts`. */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_FOLDER) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const names = (await readdir(this.folder)).filter((f) => f.endsWith('.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of names) {
      if (!MIGRATION_FILE.test(file)) {
        throw new MigrationError('MIGRATION_BAD_FILE', `migration file '${file}' is not named YYYYMMDDHHMM-<domain>-<what>.ts`);
      }
      const mod = (await import(pathToFileURL(join(this.folder, file)).href)) as Partial<Migration>;
      if (typeof mod.up !== 'function') {
        throw new MigrationError('MIGRATION_BAD_FILE', `migration file '${file}' exports no up(db) function`);
      }
      migrations[file.slice(0, -'.ts'.length)] = { up: mod.up, ...(mod.down ? { down: mod.down } : {}) };
    }
    return migrations;
  }
}

function migratorFor(db: Kysely<object>, opts: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: new FolderMigrationProvider(opts.folder),
    migrationTableName: MIGRATION_TABLE,
    // Engineers add migrations in parallel; a file merged later may carry an earlier timestamp
    // than one a database already ran. Run it anyway instead of refusing the release.
    allowUnorderedMigrations: true,
  });
}

/**
 * Runs every pending migration (the batch is one transaction: all or nothing). Returns the names it
 * ran. Refuses first (`DB_NEWER_THAN_CODE`) a database a newer release has migrated.
 */
export async function migrateToLatest(db: Kysely<object>, opts: MigrateOptions = {}): Promise<string[]> {
  await checkMigrations(db, opts);
  const { error, results } = await migratorFor(db, opts).migrateToLatest();
  if (error !== undefined) {
    const failed = (results ?? []).filter((r) => r.status === 'Error').map((r) => r.migrationName);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError('MIGRATION_FAILED', `migration failed: ${failed.join(', ') || '(setup)'}: ${reason}`, failed);
  }
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

/**
 * Reads the database's migration state. Throws `DB_NEWER_THAN_CODE` when the database has run a
 * migration this code does not know (a newer release touched it: running on would corrupt data).
 * With `requireLatest`, also throws `DB_NOT_MIGRATED` when migrations are pending.
 */
export async function checkMigrations(
  db: Kysely<object>,
  opts: MigrateOptions & { requireLatest?: boolean } = {},
): Promise<MigrationState> {
  const known = Object.keys(await new FolderMigrationProvider(opts.folder).getMigrations());
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      'DB_NEWER_THAN_CODE',
      `the database has migrations this code does not know (${unknown.join(', ')}): it was migrated by a newer release`,
      unknown,
    );
  }
  const pending = known.filter((name) => !applied.includes(name));
  if (opts.requireLatest === true && pending.length > 0) {
    throw new MigrationError('DB_NOT_MIGRATED', `the database needs migrations: ${pending.join(', ')}`, pending);
  }
  return { applied, pending };
}

async function appliedMigrations(db: Kysely<object>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await db
    .withTables<{ [MIGRATION_TABLE]: { name: string } }>()
    .selectFrom(MIGRATION_TABLE)
    .select('name')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}
