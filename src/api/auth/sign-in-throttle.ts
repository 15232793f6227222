import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../../db/conventions.ts';
import type { UsersTables } from '../../users/user-tables.ts';

/**
 * Sign-in throttling per account and per client address: after `maxFailures` failed attempts within
 * `windowMs` the key is locked for `lockMs`; while locked even a right password is refused. Counts
 * live in the database so every node of a cluster sees them. A success clears the account's count.
 */
export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function accountKey(login: string): string {
  return `account:${login.trim().toLowerCase()}`;
}

export function addressKey(ip: string): string {
  return `address:${ip}`;
}

/** The latest lock end among `keys`, or undefined when none is locked at `now`. */
export async function lockedUntil(db: Kysely<object>, keys: string[], now: Date): Promise<Date | undefined> {
  const rows = await db.withTables<UsersTables>().selectFrom('sign_in_throttle').select('locked_until').where('key', 'in', keys).execute();
  const ends = rows.map((r) => (r.locked_until === null ? 0 : Date.parse(r.locked_until))).filter((t) => t > now.getTime());
  return ends.length === 0 ? undefined : new Date(Math.max(...ends));
}

/** Counts one failure against each key (a new window when the old one has passed). */
export async function recordFailure(db: Kysely<object>, keys: string[], now: Date, policy: ThrottlePolicy): Promise<void> {
  const t = db.withTables<UsersTables>();
  for (const key of keys) {
    const row = await t.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || Date.parse(row.first_failure_at) + policy.windowMs <= now.getTime() || (row.locked_until !== null && Date.parse(row.locked_until) <= now.getTime());
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntilAt = failures >= policy.maxFailures ? toDbTimestamp(new Date(now.getTime() + policy.lockMs)) : null;
    const values = { failures, first_failure_at: fresh ? toDbTimestamp(now) : row.first_failure_at, locked_until: lockedUntilAt };
    if (row) await t.updateTable('sign_in_throttle').set(values).where('key', '=', key).execute();
    // Two concurrent first failures: the second insert becomes an update instead of an error.
    else await t.insertInto('sign_in_throttle').values({ key, ...values }).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
  }
}

export async function clearFailures(db: Kysely<object>, key: string): Promise<void> {
  await db.withTables<UsersTables>().deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
