import { withTransaction } from '../../db/transaction.ts';
import { hashPassword, verifyPassword } from '../../users/password.ts';
import { newPasswordProblems } from '../../users/number-login.ts';
import { ROLES } from '../../users/role.ts';
import { toUser } from '../../users/user.ts';
import { findUserRowById, usersDb } from '../../users/user-store.ts';
import { revokeSessionsOf } from '../../users/update-user.ts';
import { writeAudit } from '../../audit/audit-log.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import { createSession, listSessions, revokeSession } from '../auth/session-store.ts';
import { signIn } from '../auth/sign-in.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, principalOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Timestamp, Type } from '../schema.ts';
import { Password, SessionReply, UserSchema, Username } from '../user-schemas.ts';

/** Any signed-in user, even one who must still change the first password; never an API key. */
const SELF: RouteAccess = { roles: ROLES, tenantScoped: false, apiKeyRight: false, allowPendingPasswordChange: true };

const SessionInfo = Type.Object(
  { id: Type.String(), createdAt: Timestamp, lastSeenAt: Timestamp, expiresAt: Timestamp, ip: Type.Union([Type.String(), Type.Null()]), userAgent: Type.Union([Type.String(), Type.Null()]), current: Type.Boolean() },
  { additionalProperties: false },
);

/** /api/v1/auth: sign-in (named users), sign-out, me, password change, own sessions. */
const authRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.post('/auth/sign-in', {
    config: { access: 'public', transaction: false },
    schema: {
      summary: 'Sign in with a user name and password; sets the session cookie',
      body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
      response: { 200: SessionReply },
    },
  }, async (req, reply) => signIn(ctx, req, reply, { username: req.body.username, password: req.body.password }));

  app.post('/auth/sign-out', {
    config: { access: SELF },
    schema: { summary: 'End this session', response: { 204: NoContent } },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind === 'user') await revokeSession(req.db, p.userId, p.sessionId, ctx.now());
    clearSessionCookie(ctx, req, reply);
    return reply.code(204).send(null);
  });

  app.get('/auth/me', {
    config: { access: SELF },
    schema: { summary: 'The signed-in user and the CSRF token of this session', response: { 200: Type.Object({ user: UserSchema, csrfToken: Type.String() }, { additionalProperties: false }) } },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const row = await findUserRowById(req.db, p.userId);
    if (!row) throw new ApiError('SESSION_EXPIRED');
    return { user: toUser(row), csrfToken: p.csrfToken };
  });

  app.post('/auth/change-password', {
    config: { access: SELF },
    schema: {
      summary: 'Change your own password; ends your other sessions and rotates this one',
      body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
      response: { 200: SessionReply },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const row = await findUserRowById(req.db, p.userId);
    if (!row?.password_hash || !(await verifyPassword(req.body.currentPassword, row.password_hash))) {
      throw new ApiError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    // A 400-number login may keep a 6-digit password (P1); the rule lives with the number login.
    const problems = newPasswordProblems(row, req.body.newPassword, req.body.currentPassword);
    if (problems.length > 0) throw new ApiError('WEAK_PASSWORD', undefined, { problems });
    const now = ctx.now();
    const hash = await hashPassword(req.body.newPassword, ctx.users.scrypt);
    const session = await withTransaction(req.db, async (trx) => {
      await usersDb(trx).updateTable('users').set({ password_hash: hash, must_change_password: 0, updated_at: now.toISOString() }).where('id', '=', row.id).execute();
      await revokeSessionsOf(trx, row.id, now);
      await writeAudit(trx, actorOf(req), { tenantId: row.tenant_id, action: 'user.change-password', targetType: 'user', targetId: row.id, details: { username: row.username } }, now);
      return createSession(trx, row.id, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, now, ctx.sessionPolicy);
    });
    setSessionCookie(ctx, req, reply, session.token);
    return { user: toUser({ ...row, must_change_password: 0 }), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });

  app.get('/auth/sessions', {
    config: { access: { ...SELF, tenantScoped: true } },
    schema: { summary: 'Your live sessions', response: { 200: Type.Array(SessionInfo) } },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const sessions = await listSessions(req.db, p.userId, ctx.now());
    return sessions.map((s) => ({ ...s, current: s.id === p.sessionId }));
  });

  app.delete('/auth/sessions/:id', {
    config: { access: { ...SELF, tenantScoped: true } },
    schema: { summary: 'Revoke one of your sessions (sign out elsewhere)', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    if (!(await revokeSession(req.db, p.userId, req.params.id, ctx.now()))) throw new ApiError('NOT_FOUND', 'No such session');
    return reply.code(204).send(null);
  });
};

export default authRoutes;
