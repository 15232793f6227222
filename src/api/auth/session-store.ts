import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../../db/conventions.ts';
import type { UsersTable, UsersTables } from '../../users/user-tables.ts';
import { hashToken, newToken } from './secret-token.ts';

/**
 * Browser sessions, stored server-side so they can be revoked: the cookie holds a random 256-bit
 * token, the table only its SHA-256. A session ends at `expires_at` (absolute), after `idle` without
 * a request, or when revoked (sign-out, password change, user disabled).
 */
export interface SessionPolicy {
  /** Absolute lifetime, ms. */
  readonly lifetimeMs: number;
  /** Idle timeout, ms. */
  readonly idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { lifetimeMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

/** `last_seen_at` is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export async function createSession(db: Kysely<object>, userId: string, client: ClientInfo, now: Date, policy: SessionPolicy): Promise<NewSession> {
  const token = newToken();
  const session: NewSession = { id: newId(), token, csrfToken: newToken(), expiresAt: toDbTimestamp(new Date(now.getTime() + policy.lifetimeMs)) };
  await db
    .withTables<UsersTables>()
    .insertInto('user_sessions')
    .values({
      id: session.id,
      token_hash: hashToken(token),
      user_id: userId,
      csrf_token: session.csrfToken,
      created_at: toDbTimestamp(now),
      last_seen_at: toDbTimestamp(now),
      expires_at: session.expiresAt,
      revoked_at: null,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return session;
}

export interface LiveSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  user: UsersTable;
}

/** The live session of `token` with its user, or undefined (unknown, expired, idle, revoked, user disabled). */
export async function resolveSession(db: Kysely<object>, token: string, now: Date, policy: SessionPolicy): Promise<LiveSession | undefined> {
  const t = db.withTables<UsersTables>();
  const row = await t
    .selectFrom('user_sessions')
    .selectAll('user_sessions')
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  const nowMs = now.getTime();
  if (Date.parse(row.expires_at) <= nowMs || Date.parse(row.last_seen_at) + policy.idleMs <= nowMs) return undefined;
  const user = await t.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (!user || user.disabled === 1) return undefined;
  if (nowMs - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await t.updateTable('user_sessions').set({ last_seen_at: toDbTimestamp(now) }).where('id', '=', row.id).execute();
  }
  return { sessionId: row.id, csrfToken: row.csrf_token, expiresAt: row.expires_at, user };
}

/** Revokes the session `token` if it is live (sign-in rotation: a presented old token dies). */
export async function revokeSessionByToken(db: Kysely<object>, token: string, now: Date): Promise<void> {
  await db
    .withTables<UsersTables>()
    .updateTable('user_sessions')
    .set({ revoked_at: toDbTimestamp(now) })
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes session `id` of `userId`; false when there is no such live session of that user. */
export async function revokeSession(db: Kysely<object>, userId: string, id: string, now: Date): Promise<boolean> {
  const res = await db
    .withTables<UsersTables>()
    .updateTable('user_sessions')
    .set({ revoked_at: toDbTimestamp(now) })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export async function listSessions(db: Kysely<object>, userId: string, now: Date): Promise<SessionInfo[]> {
  const rows = await db
    .withTables<UsersTables>()
    .selectFrom('user_sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', toDbTimestamp(now))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, ip: r.ip, userAgent: r.user_agent }));
}
