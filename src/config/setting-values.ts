/** The value parsers the settings groups share: each error names the setting and the value refused. */

export class SettingsError extends Error {}

export function parsePort(value: unknown, name: string): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SettingsError(`${name} must be a port number 0-65535, got '${String(value)}'`);
  return n;
}

export function parseCount(value: unknown, name: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (String(value).trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new SettingsError(`${name} must be a whole number ${min}-${max}, got '${String(value)}'`);
  return n;
}

export function parseBoolean(value: unknown, name: string): boolean {
  const v = String(value).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new SettingsError(`${name} must be true or false, got '${String(value)}'`);
}
