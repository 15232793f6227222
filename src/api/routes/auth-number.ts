import { findActiveNumber } from '../../numbers/number-inventory.ts';
import { issueNumberLogin, upgradeNumberLogin } from '../../users/number-login.ts';
import { signIn } from '../auth/sign-in.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, principalOf, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Type } from '../schema.ts';
import { DisplayName, Password, SessionReply, UserSchema, Username } from '../user-schemas.ts';

/** P1: a tenant signs in with its 400 number; the operator issues the first (6-digit) password. */
const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false, apiKeyRight: false };
const NUMBER_SESSION: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true, apiKeyRight: false };

const Number400 = Type.String({ minLength: 1, maxLength: 40, description: 'A 400 number in any usual spelling (400-123-4567, +86 400…)' });

/** Never matches a tenant: an unknown number still costs a full password check. */
const NO_TENANT = '\u0000no-tenant';

const numberLoginRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.post('/auth/number-sign-in', {
    config: { access: 'public', transaction: false },
    schema: {
      summary: "Sign in with the tenant's 400 number and its password; the first password must then be changed",
      body: Type.Object({ number: Number400, password: Password }, { additionalProperties: false }),
      response: { 200: SessionReply },
    },
  }, async (req, reply) => {
    // The number → tenant lookup is the numbers domain's: only an active number signs in.
    const active = await findActiveNumber(ctx.database.db, req.body.number);
    const username = active?.number ?? req.body.number.replace(/[^0-9+]/g, '').slice(0, 20);
    return signIn(ctx, req, reply, { username: username || 'none', password: req.body.password, tenantId: active?.tenantId ?? NO_TENANT });
  });

  app.post('/auth/number-logins', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Issue or reset the 400-number login of the tenant holding an active number; the 6-digit password is shown once',
      body: Type.Object({ number: Number400 }, { additionalProperties: false }),
      response: {
        201: Type.Object(
          { number: Type.String(), tenantId: Type.String(), userId: Type.String(), password: Type.String({ description: 'Shown only here' }) },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req, reply) => {
    const active = await findActiveNumber(req.db, req.body.number);
    if (!active) throw new ApiError('UNPROCESSABLE', 'The number is not active with a tenant', { number: req.body.number });
    const { user, password } = await issueNumberLogin(req.db, { tenantId: active.tenantId, number: active.number }, actorOf(req), ctx.users);
    return reply.code(201).send({ number: active.number, tenantId: active.tenantId, userId: user.id, password });
  });

  app.post('/auth/number-upgrade', {
    config: { access: NUMBER_SESSION },
    schema: {
      summary: 'From a 400-number sign-in: create a named tenant-admin account (strong password) for the same tenant, optionally retiring the number login',
      body: Type.Object(
        {
          username: Username,
          displayName: DisplayName,
          password: Password,
          disableNumberLogin: Type.Optional(Type.Boolean({ description: 'also disable the number login (ends its sessions, this one too)' })),
        },
        { additionalProperties: false },
      ),
      response: { 201: UserSchema },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const user = await upgradeNumberLogin(
      req.db,
      { numberUserId: p.userId, tenantId: tenantIdOf(req), username: req.body.username, displayName: req.body.displayName, password: req.body.password, ...(req.body.disableNumberLogin ? { disableNumberLogin: true } : {}) },
      actorOf(req),
      ctx.users,
    );
    return reply.code(201).send(user);
  });
};

export default numberLoginRoutes;

