import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../../db/conventions.ts';
import type { UsersTables } from '../../users/user-tables.ts';

/**
 * Sign-in throttling per account and per client address: at most `maxFailures` attempts not proven
 * good within `windowMs`; past that the key is locked for `lockMs`, and while locked even a right
 * password is refused. Counts live in the database so every node of a cluster sees them.
 *
 * An attempt is *reserved* — counted as a failure in one atomic upsert — before the password is
 * looked at, and given back only when the password proves right. Checking the lock first and
 * counting the failure after the slow hash (a read-then-write) let 100 parallel guesses all pass
 * the check before any was counted; a reservation is decided by the count it made itself.
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

export type Reservation = { granted: true } | { granted: false; lockedUntil: Date };

/**
 * Counts one attempt against each key and says whether it may go on to the password check: it may
 * when every key's count, this attempt included, is within `maxFailures` and no key is locked. A
 * key whose count goes past the limit is locked from now (unless a lock is already running).
 */
export async function reserveAttempt(db: Kysely<object>, keys: string[], now: Date, policy: ThrottlePolicy): Promise<Reservation> {
  const t = db.withTables<UsersTables>();
  const at = toDbTimestamp(now);
  const windowStart = toDbTimestamp(new Date(now.getTime() - policy.windowMs));
  const lockEnd = toDbTimestamp(new Date(now.getTime() + policy.lockMs));
  let latestLock: string | undefined;
  for (const key of keys) {
    // Timestamps are ISO-8601 UTC text of one format, so text comparison is time order (both dialects).
    const expired = sql<boolean>`(sign_in_throttle.first_failure_at <= ${windowStart} or (sign_in_throttle.locked_until is not null and sign_in_throttle.locked_until <= ${at}))`;
    const lockRunning = sql<boolean>`(sign_in_throttle.locked_until is not null and sign_in_throttle.locked_until > ${at})`;
    const counted = sql<number>`case when ${expired} then 1 else sign_in_throttle.failures + 1 end`;
    const row = await t
      .insertInto('sign_in_throttle')
      .values({ key, failures: 1, first_failure_at: at, locked_until: policy.maxFailures < 1 ? lockEnd : null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: counted,
          first_failure_at: sql<string>`case when ${expired} then ${at} else sign_in_throttle.first_failure_at end`,
          locked_until: sql<string | null>`case when ${lockRunning} then sign_in_throttle.locked_until when ${counted} > ${policy.maxFailures} then ${lockEnd} else null end`,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    if (row.locked_until !== null && row.locked_until > at && (latestLock === undefined || row.locked_until > latestLock)) latestLock = row.locked_until;
  }
  return latestLock === undefined ? { granted: true } : { granted: false, lockedUntil: new Date(latestLock) };
}

/** The reserved attempt failed: a key that has now reached `maxFailures` is locked from now. */
export async function confirmFailure(db: Kysely<object>, keys: string[], now: Date, policy: ThrottlePolicy): Promise<void> {
  const at = toDbTimestamp(now);
  await db
    .withTables<UsersTables>()
    .updateTable('sign_in_throttle')
    .set({ locked_until: toDbTimestamp(new Date(now.getTime() + policy.lockMs)) })
    .where('key', 'in', keys)
    .where('failures', '>=', policy.maxFailures)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .execute();
}

/** The reserved attempt proved right: the account starts over; the address gets its attempt back. */
export async function releaseAttempt(db: Kysely<object>, account: string, address: string): Promise<void> {
  const t = db.withTables<UsersTables>();
  await t.deleteFrom('sign_in_throttle').where('key', '=', account).execute();
  await t
    .updateTable('sign_in_throttle')
    .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
    .where('key', '=', address)
    .where('locked_until', 'is', null)
    .execute();
}
