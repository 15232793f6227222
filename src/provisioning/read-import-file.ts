/** Reads and validates a provisioning file; every problem is reported with its path. */
import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import { ImportFileSchema } from './import-schema.ts';
import type { ImportFile } from './import-schema.ts';

export class ImportFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}:\n  ${problems.join('\n  ')}`);
  }
}

export function parseImportText(text: string, file: string): ImportFile {
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ImportFileError(file, [`not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`]);
  }
  if (data === null || data === undefined) data = {};
  if (!Value.Check(ImportFileSchema, data)) {
    const problems = [...Value.Errors(ImportFileSchema, data)].slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
    throw new ImportFileError(file, problems);
  }
  return data;
}

export function readImportFile(file: string): ImportFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ImportFileError(file, [(err as Error).message]);
  }
  return parseImportText(text, file);
}
