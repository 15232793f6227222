/** `hotline month-close [YYYY-MM]`: books monthly fees and minimum-spend true-ups (idempotent). */
import { loadSettings } from '../config/settings.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { liToYuan } from '../reports/money-text.ts';
import { closeMonth, previousMonth } from '../reports/month-close.ts';

export async function monthCloseCommand(args: string[]): Promise<number> {
  const [month, ...rest] = args;
  if (rest.length > 0 || (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) {
    process.stderr.write('usage: hotline month-close [YYYY-MM] (default: the month just ended)\n');
    return 2;
  }
  const settings = loadSettings();
  const database = await openDatabase({ dataDir: settings.dataDir, ...(settings.databaseUrl ? { url: settings.databaseUrl } : {}) });
  try {
    await migrateToLatest(database.db);
    const result = await closeMonth(database.db, month ?? previousMonth(new Date()));
    for (const t of result.tenants) {
      process.stdout.write(`${t.code}: monthly fee ${liToYuan(t.feeLi)} CNY, minimum ${liToYuan(t.minimumLi)} CNY, true-up ${liToYuan(t.trueUpLi)} CNY\n`);
    }
    process.stdout.write(`Closed ${result.month} for ${result.tenants.length} tenant(s) on a rate plan.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
