import { passwordProblems } from '../../users/password-policy.ts';
import { nameUnavailable } from '../../users/user-error.ts';
import { ensureSeatFor } from '../../users/seats.ts';
import { deleteUser, updateUser } from '../../users/update-user.ts';
import { upsertUser } from '../../users/upsert-user.ts';
import { findUserRowByUsername, getUser, listUsers } from '../../users/user-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, principalOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Limit, NoContent, Type } from '../schema.ts';
import { AgentId, DisplayName, E164, Nullable, Password, RoleSchema, SipPassword, SipUsername, UserSchema, Username } from '../user-schemas.ts';

/**
 * /api/v1/users: a tenant admin manages the users of their tenant; an operator admin manages the
 * operator admins (the operator's "tenant" is the platform). Supervisors may read their tenant's users.
 */
const ADMINS: RouteAccess = { roles: ['operator_admin', 'tenant_admin'], tenantScoped: true, apiKeyRight: false };
const READERS: RouteAccess = { roles: ['operator_admin', 'tenant_admin', 'supervisor'], tenantScoped: true, apiKeyRight: 'users:read' };

const CreateUser = Type.Object(
  {
    username: Username,
    role: RoleSchema,
    displayName: DisplayName,
    password: Type.Optional(Password),
    mustChangePassword: Type.Optional(Type.Boolean({ description: 'Default true: the user picks their own password at first sign-in' })),
    agentId: Type.Optional(AgentId),
    sipUsername: Type.Optional(SipUsername),
    sipPassword: Type.Optional(SipPassword),
    boundNumber: Type.Optional(E164),
  },
  { additionalProperties: false },
);

const UpdateUser = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    displayName: Type.Optional(DisplayName),
    password: Type.Optional(Password),
    mustChangePassword: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
    agentId: Type.Optional(Nullable(AgentId)),
    sipUsername: Type.Optional(Nullable(SipUsername)),
    sipPassword: Type.Optional(SipPassword),
    boundNumber: Type.Optional(Nullable(E164)),
  },
  { additionalProperties: false, minProperties: 1 },
);

function checkStrength(password: string | undefined, username: string): void {
  if (password === undefined) return;
  const problems = passwordProblems(password, { username });
  if (problems.length > 0) throw new ApiError('WEAK_PASSWORD', undefined, { problems });
}

const usersRoutes: RoutePlugin = async (app) => {
  const settings = app.hotline.users;

  app.get('/users', {
    config: { access: READERS },
    schema: {
      summary: 'Users of your tenant (operator: the operator admins)',
      querystring: Type.Object({ role: Type.Optional(RoleSchema), after: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Limit) }, { additionalProperties: false }),
      response: { 200: Type.Array(UserSchema) },
    },
  }, async (req) => listUsers(req.db, principalOf(req).tenantId, { ...req.query, limit: req.query.limit ?? 100 }));

  app.get('/users/:id', {
    config: { access: READERS },
    schema: { summary: 'One user of your tenant', params: IdParams, response: { 200: UserSchema } },
  }, async (req) => {
    const user = await getUser(req.db, principalOf(req).tenantId, req.params.id);
    if (!user) throw new ApiError('NOT_FOUND', 'No such user');
    return user;
  });

  app.post('/users', {
    config: { access: ADMINS },
    schema: { summary: 'Create a user in your tenant', body: CreateUser, response: { 201: UserSchema } },
  }, async (req, reply) => {
    const tenantId = principalOf(req).tenantId;
    const body = req.body;
    checkStrength(body.password, body.username);
    if (await findUserRowByUsername(req.db, body.username)) throw nameUnavailable('username');
    if (tenantId !== null && body.role === 'agent') await ensureSeatFor(req.db, tenantId);
    const mustChangePassword = body.password === undefined ? false : (body.mustChangePassword ?? true);
    const { user } = await upsertUser(req.db, { ...body, tenantId, mustChangePassword }, actorOf(req), settings);
    return reply.code(201).send(user);
  });

  app.patch('/users/:id', {
    config: { access: ADMINS },
    schema: { summary: 'Change a user of your tenant (disabling ends their sessions)', params: IdParams, body: UpdateUser, response: { 200: UserSchema } },
  }, async (req) => {
    const p = principalOf(req);
    const current = await getUser(req.db, p.tenantId, req.params.id);
    if (!current) throw new ApiError('NOT_FOUND', 'No such user');
    checkStrength(req.body.password, current.username);
    const becomesSeated = (req.body.role ?? current.role) === 'agent' && !(req.body.disabled ?? current.disabled);
    const wasSeated = current.role === 'agent' && !current.disabled;
    if (p.tenantId !== null && becomesSeated && !wasSeated) await ensureSeatFor(req.db, p.tenantId, current.id);
    // A password an admin sets is a reset: its owner picks their own at the next sign-in.
    const fields = req.body.password !== undefined && req.body.mustChangePassword === undefined ? { ...req.body, mustChangePassword: true } : req.body;
    return updateUser(req.db, p.tenantId, req.params.id, fields, actorOf(req), settings);
  });

  app.delete('/users/:id', {
    config: { access: ADMINS },
    schema: { summary: 'Delete a user of your tenant', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind === 'user' && p.userId === req.params.id) throw new ApiError('CONFLICT', 'You cannot delete yourself');
    if (!(await getUser(req.db, p.tenantId, req.params.id))) throw new ApiError('NOT_FOUND', 'No such user');
    await deleteUser(req.db, p.tenantId, req.params.id, actorOf(req), settings);
    return reply.code(204).send(null);
  });
};

export default usersRoutes;
