/** IANA time-zone names as tenants' zones: validation and the platform default. */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Area/Location names only (plus UTC): offsets like "+08:00" or abbreviations like "CST" are
 * ambiguous or fixed and would silently mis-handle daylight saving. */
const NAME_SHAPE = /^(?:UTC|Etc\/UTC|[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** Returns `name` when the runtime knows it as an IANA zone, otherwise undefined. */
export function parseTimeZone(name: string): string | undefined {
  if (!NAME_SHAPE.test(name)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}
