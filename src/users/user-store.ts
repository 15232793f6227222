import type { Kysely } from 'kysely';
import type { User } from './user.ts';
import { normalizeUsername, toUser } from './user.ts';
import type { UsersTable, UsersTables } from './user-tables.ts';

/** Reads of the users table. Every read that serves a tenant takes the tenant id (null: platform). */
export function usersDb(db: Kysely<object>): Kysely<UsersTables> {
  return db.withTables<UsersTables>();
}

export async function findUserRowByUsername(db: Kysely<object>, username: string): Promise<UsersTable | undefined> {
  return usersDb(db).selectFrom('users').selectAll().where('username', '=', normalizeUsername(username)).executeTakeFirst();
}

export async function findUserRowById(db: Kysely<object>, id: string): Promise<UsersTable | undefined> {
  return usersDb(db).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user `id` if it belongs to `tenantId` (null: an operator admin); another tenant's user is undefined. */
export async function getUser(db: Kysely<object>, tenantId: string | null, id: string): Promise<User | undefined> {
  let q = usersDb(db).selectFrom('users').selectAll().where('id', '=', id);
  q = tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
  const row = await q.executeTakeFirst();
  return row && toUser(row);
}

export interface UserListQuery {
  role?: string;
  /** Usernames greater than this (keyset paging). */
  after?: string;
  limit: number;
}

export async function listUsers(db: Kysely<object>, tenantId: string | null, q: UserListQuery): Promise<User[]> {
  let query = usersDb(db).selectFrom('users').selectAll();
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  if (q.role !== undefined) query = query.where('role', '=', q.role);
  if (q.after !== undefined) query = query.where('username', '>', q.after);
  const rows = await query.orderBy('username').limit(q.limit).execute();
  return rows.map(toUser);
}
