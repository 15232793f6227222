/**
 * The operator's first account. Without it nobody could run the platform without writing to the
 * database: the first start on a store with no operator admin creates `operator` with a random
 * password, printed once, to be changed at first sign-in. Later accounts come from
 * `hotline user add` or the API.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../audit/actor.ts';
import { generatedPassword } from './generated-password.ts';
import { usersDb } from './user-store.ts';
import { upsertUser } from './upsert-user.ts';
import type { UsersSettings } from './users-settings.ts';

export const FIRST_OPERATOR_USERNAME = 'operator';

export interface FirstOperator {
  username: string;
  /** Shown once; only its hash is stored. */
  password: string;
}

/** Creates the first operator admin when there is none; undefined when one exists already. */
export async function ensureFirstOperator(db: Kysely<object>, settings: UsersSettings): Promise<FirstOperator | undefined> {
  const any = await usersDb(db).selectFrom('users').select('id').where('role', '=', 'operator_admin').executeTakeFirst();
  if (any) return undefined;
  const password = generatedPassword();
  await upsertUser(
    db,
    { tenantId: null, username: FIRST_OPERATOR_USERNAME, role: 'operator_admin', displayName: '平台管理员 Operator', password, mustChangePassword: true },
    systemActor('first start'),
    settings,
  );
  return { username: FIRST_OPERATOR_USERNAME, password };
}
