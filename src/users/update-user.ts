import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { Actor } from '../audit/actor.ts';
import { withTransaction } from '../db/transaction.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import type { User } from './user.ts';
import { toUser } from './user.ts';
import { UserError } from './user-error.ts';
import type { UserFields } from './user-fields.ts';
import { changedFieldNames, checkFields, checkUnique, toColumns } from './user-fields.ts';
import { usersDb } from './user-store.ts';
import type { UsersTable } from './user-tables.ts';
import type { UsersSettings } from './users-settings.ts';
import { usersSettings } from './users-settings.ts';

async function ownRow(db: Kysely<object>, tenantId: string | null, id: string): Promise<UsersTable> {
  let q = usersDb(db).selectFrom('users').selectAll().where('id', '=', id);
  q = tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
  const row = await q.executeTakeFirst();
  // Another tenant's user is indistinguishable from a missing one.
  if (!row) throw new UserError('USER_NOT_FOUND', 'no such user');
  return row;
}

/** Refuses to leave the platform without an enabled operator admin. */
async function keepOneOperator(db: Kysely<object>, row: UsersTable, after: { role?: string; disabled?: boolean; deleted?: boolean }): Promise<void> {
  if (row.role !== 'operator_admin' || row.disabled === 1) return;
  const stillOperator = !after.deleted && after.disabled !== true && (after.role ?? row.role) === 'operator_admin';
  if (stillOperator) return;
  const others = await usersDb(db)
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'operator_admin')
    .where('disabled', '=', 0)
    .where('id', '!=', row.id)
    .executeTakeFirst();
  if (!others) throw new UserError('LAST_OPERATOR', 'the platform needs at least one enabled operator admin');
}

/** Changes user `id` of `tenantId` (null: operator admins). Disabling a user revokes their sessions. */
export async function updateUser(
  db: Kysely<object>,
  tenantId: string | null,
  id: string,
  fields: UserFields,
  by: Actor,
  settings: UsersSettings = usersSettings(),
): Promise<User> {
  checkFields(tenantId, fields);
  return withTransaction(db, async (trx) => {
    const row = await ownRow(trx, tenantId, id);
    await keepOneOperator(trx, row, fields);
    await checkUnique(trx, tenantId, id, fields);
    const cols = await toColumns(fields, row, settings);
    const now = settings.now();
    await usersDb(trx).updateTable('users').set({ ...cols, updated_at: toDbTimestamp(now) }).where('id', '=', id).execute();
    if (fields.disabled === true || fields.password !== undefined) await revokeSessionsOf(trx, id, now);
    await writeAudit(trx, by, { tenantId, action: 'user.update', targetType: 'user', targetId: id, details: { username: row.username, fields: changedFieldNames(fields) } }, now);
    return toUser({ ...row, ...cols, updated_at: toDbTimestamp(now) });
  });
}

export async function deleteUser(db: Kysely<object>, tenantId: string | null, id: string, by: Actor, settings: UsersSettings = usersSettings()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const row = await ownRow(trx, tenantId, id);
    await keepOneOperator(trx, row, { deleted: true });
    await usersDb(trx).deleteFrom('user_sessions').where('user_id', '=', id).execute();
    await usersDb(trx).deleteFrom('users').where('id', '=', id).execute();
    await writeAudit(trx, by, { tenantId, action: 'user.delete', targetType: 'user', targetId: id, details: { username: row.username } }, settings.now());
  });
}

/** Ends every live session of the user (password change, disabling, admin request). */
export async function revokeSessionsOf(db: Kysely<object>, userId: string, at: Date, exceptSessionId?: string): Promise<void> {
  let q = usersDb(db).updateTable('user_sessions').set({ revoked_at: toDbTimestamp(at) }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId !== undefined) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}
