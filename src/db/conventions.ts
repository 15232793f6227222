/**
 * The storage conventions every domain follows (see docs/database.md): text ids, ISO-8601 UTC text
 * timestamps with milliseconds, integer booleans.
 */
import { randomUUID } from 'node:crypto';

/** A new row id (text UUID). */
export function newId(): string {
  return randomUUID();
}

/** A timestamp as stored: `2026-11-22T15:33:37.000Z` (sorts and compares as text). */
export function toDbTimestamp(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date');
  return at.toISOString();
}

/** A stored boolean (0/1) from a JS boolean. */
export function toDbBoolean(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}
