import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { withTransaction } from '../db/transaction.ts';
import type { User } from './user.ts';
import { findUserRowByUsername, usersDb } from './user-store.ts';
import { upsertUser } from './upsert-user.ts';
import type { UsersSettings } from './users-settings.ts';
import { usersSettings } from './users-settings.ts';

/** Six random digits (P1: "the first password is random"), from the CSPRNG. */
export function sixDigitPassword(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
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
