import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { Actor } from '../audit/actor.ts';
import { withTransaction } from '../db/transaction.ts';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import type { Role } from './role.ts';
import type { User } from './user.ts';
import { normalizeUsername, toUser } from './user.ts';
import { UserError, nameUnavailable } from './user-error.ts';
import type { UserFields } from './user-fields.ts';
import { changedFieldNames, checkFields, checkUnique, checkUsername, toColumns } from './user-fields.ts';
import { findUserRowById, findUserRowByUsername, usersDb } from './user-store.ts';
import type { UsersSettings } from './users-settings.ts';
import { usersSettings } from './users-settings.ts';

export interface UpsertUserInput extends UserFields {
  /** null: an operator admin. */
  tenantId: string | null;
  username: string;
  role: Role;
  displayName: string;
  loginKind?: 'named' | 'number';
}

export interface UpsertResult {
  user: User;
  created: boolean;
}

/**
 * Creates the user `username`, or updates it when it exists in the same tenant (the shared entry
 * point of the API and `hotline import`). A user name of another tenant is refused, never taken
 * over. Records the change in the audit log with `by` as the actor.
 */
export async function upsertUser(
  db: Kysely<object>,
  input: UpsertUserInput,
  by: Actor,
  settings: UsersSettings = usersSettings(),
): Promise<UpsertResult> {
  const username = normalizeUsername(input.username);
  checkUsername(username);
  checkFields(input.tenantId, input);
  return withTransaction(db, async (trx) => {
    const existing = await findUserRowByUsername(trx, username);
    if (existing && existing.tenant_id !== input.tenantId) {
      throw nameUnavailable('username');
    }
    await checkUnique(trx, input.tenantId, existing?.id ?? null, input);
    const cols = await toColumns(input, existing, settings);
    const now = toDbTimestamp(settings.now());
    const id = existing?.id ?? newId();
    if (existing) {
      await usersDb(trx).updateTable('users').set({ ...cols, updated_at: now }).where('id', '=', id).execute();
    } else {
      await usersDb(trx)
        .insertInto('users')
        .values({
          id,
          tenant_id: input.tenantId,
          username,
          role: input.role,
          display_name: input.displayName.trim(),
          login_kind: input.loginKind ?? 'named',
          password_hash: null,
          must_change_password: 0,
          disabled: 0,
          agent_id: null,
          sip_username: null,
          sip_realm: null,
          sip_ha1_md5: null,
          sip_ha1_sha256: null,
          bound_number: null,
          ...cols,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const action = existing ? 'user.update' : 'user.create';
    await writeAudit(trx, by, { tenantId: input.tenantId, action, targetType: 'user', targetId: id, details: { username, fields: changedFieldNames(input) } }, settings.now());
    const row = await findUserRowById(trx, id);
    if (!row) throw new UserError('USER_NOT_FOUND', `user ${id} vanished`);
    return { user: toUser(row), created: !existing };
  });
}
