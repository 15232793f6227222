import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { withTransaction } from '../db/transaction.ts';
import type { User } from './user.ts';
import { findUserRowByUsername, usersDb } from './user-store.ts';
import { upsertUser } from './upsert-user.ts';
import { updateUser } from './update-user.ts';
import { UserError, nameUnavailable } from './user-error.ts';
import type { UsersSettings } from './users-settings.ts';
import { usersSettings } from './users-settings.ts';
import { passwordProblems } from './password-policy.ts';
import type { PasswordProblem } from './password-policy.ts';
import type { UsersTable } from './user-tables.ts';

/** Six random digits (P1: "the first password is random"), from the CSPRNG. */
export function sixDigitPassword(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export type NumberPasswordProblem = PasswordProblem | 'trivial-digits';

/**
 * The new-password rule of a user (P1 reconciled with the strength rule): a 400-number login may
 * keep a 6-digit password, as the seeds ask — the sign-in throttle and its lockout (10 failures per
 * account in 15 min, then 15 min locked) make a million guesses take years — as long as it is not a
 * run or a repeat (123456, 000000…) and not the old one; a strong password is accepted too. Named
 * users get the strength rule.
 */
export function newPasswordProblems(user: Pick<UsersTable, 'login_kind' | 'username'>, password: string, oldPassword?: string): NumberPasswordProblem[] {
  const context = { username: user.username, ...(oldPassword !== undefined ? { oldPassword } : {}) };
  if (user.login_kind !== 'number' || !/^\d{6}$/.test(password)) return passwordProblems(password, context);
  const problems: NumberPasswordProblem[] = [];
  if (isTrivialDigits(password)) problems.push('trivial-digits');
  if (oldPassword !== undefined && password === oldPassword) problems.push('same-as-old');
  return problems;
}

/** All one digit, or each digit one up (or down) from the last: the first guesses anyone tries. */
function isTrivialDigits(digits: string): boolean {
  const d = [...digits].map(Number);
  const steps = d.slice(1).map((x, i) => (x - (d[i] as number) + 10) % 10);
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

export interface NumberLogin {
  user: User;
  /** Shown once to the operator; only its scrypt hash is stored. */
  password: string;
}

/**
 * Issues (or resets) the 400-number login of a tenant (P1): a tenant-admin user named after the
 * normalised number, with a fresh 6-digit password that must be changed at first sign-in. The caller
 * has checked that `number` is active and held by `tenantId`. A leftover login of the same number
 * under an earlier holder is removed: the number is this tenant's now.
 */
export async function issueNumberLogin(
  db: Kysely<object>,
  input: { tenantId: string; number: string },
  by: Actor,
  settings: UsersSettings = usersSettings(),
): Promise<NumberLogin> {
  const password = sixDigitPassword();
  return withTransaction(db, async (trx) => {
    const existing = await findUserRowByUsername(trx, input.number);
    if (existing && existing.tenant_id !== input.tenantId && existing.login_kind === 'number') {
      await usersDb(trx).deleteFrom('user_sessions').where('user_id', '=', existing.id).execute();
      await usersDb(trx).deleteFrom('users').where('id', '=', existing.id).execute();
    }
    const { user } = await upsertUser(
      trx,
      {
        tenantId: input.tenantId,
        username: input.number,
        role: 'tenant_admin',
        displayName: `400 ${input.number}`,
        loginKind: 'number',
        password,
        mustChangePassword: true,
        disabled: false,
      },
      by,
      settings,
    );
    return { user, password };
  });
}

export interface NumberLoginUpgrade {
  /** The signed-in 400-number login. */
  numberUserId: string;
  tenantId: string;
  username: string;
  displayName: string;
  password: string;
  /** Also disable the number login (its sessions end), so only the named account remains. */
  disableNumberLogin?: boolean;
}

/**
 * P1's upgrade: from a 400-number session, the tenant gets a named tenant-admin account with a
 * strong password (the strength rule, not the 6-digit one). The number login stays unless asked
 * to be disabled. Refuses a user name that exists anywhere, and a caller that is not a number login.
 */
export async function upgradeNumberLogin(db: Kysely<object>, input: NumberLoginUpgrade, by: Actor, settings: UsersSettings = usersSettings()): Promise<User> {
  const problems = passwordProblems(input.password, { username: input.username });
  if (problems.length > 0) throw new UserError('WEAK_PASSWORD', 'the named account needs a strong password', { problems });
  return withTransaction(db, async (trx) => {
    const number = await usersDb(trx).selectFrom('users').selectAll().where('id', '=', input.numberUserId).where('tenant_id', '=', input.tenantId).executeTakeFirst();
    if (number?.login_kind !== 'number') throw new UserError('NOT_A_NUMBER_LOGIN', 'only a 400-number sign-in can be upgraded to a named account');
    if (await findUserRowByUsername(trx, input.username)) throw nameUnavailable('username');
    const { user } = await upsertUser(trx, { tenantId: input.tenantId, username: input.username, role: 'tenant_admin', displayName: input.displayName, password: input.password }, by, settings);
    if (input.disableNumberLogin) await updateUser(trx, input.tenantId, number.id, { disabled: true }, by, settings);
    return user;
  });
}
