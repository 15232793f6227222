/** `hotline import FILE`: applies a provisioning file to the platform's store (docs/provisioning.md). */
import { loadSettings } from '../config/settings.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { applyImport } from '../provisioning/apply-import.ts';
import { readImportFile } from '../provisioning/read-import-file.ts';
import { usersSettings } from '../users/users-settings.ts';

export async function importCommand(args: string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    process.stderr.write('usage: hotline import FILE (YAML or JSON; see docs/provisioning.md)\n');
    return 2;
  }
  const settings = loadSettings();
  const parsed = readImportFile(file);
  const database = await openDatabase({ dataDir: settings.dataDir, ...(settings.databaseUrl ? { url: settings.databaseUrl } : {}) });
  try {
    await migrateToLatest(database.db);
    const s = await applyImport(database.db, parsed, usersSettings({ sipRealm: settings.sipRealm }));
    process.stdout.write(
      `Imported ${file}: trunks ${s.trunks.created} created / ${s.trunks.updated} updated; ` +
        `tenants ${s.tenants.created} created / ${s.tenants.updated} updated; numbers ${s.numbers}; ` +
        `users ${s.users.created} created / ${s.users.updated} updated.\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
