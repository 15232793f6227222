import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-key-store.ts';
import { ApiError } from '../errors.ts';
import { grantableRights } from '../rbac/key-rights.ts';
import { RIGHT_PATTERN } from '../rbac/route-access.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Timestamp, Type } from '../schema.ts';

/** /api/v1/api-keys: a tenant admin issues and revokes the tenant's integration keys. */
const TENANT_ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true, apiKeyRight: false };

const Right = Type.String({ pattern: RIGHT_PATTERN, maxLength: 48, description: '<resource>:read or <resource>:write, e.g. numbers:read' });

const ApiKeyInfo = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the key' }),
    rights: Type.Array(Type.String()),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    revoked: Type.Boolean(),
  },
  { additionalProperties: false },
);

const apiKeyRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/api-keys/rights', {
    config: { access: TENANT_ADMIN },
    schema: { summary: 'The rights a key can be given: one per resource and verb that keys may call', response: { 200: Type.Array(Type.String()) } },
  }, async () => grantableRights(ctx.routes));

  app.get('/api-keys', {
    config: { access: TENANT_ADMIN },
    schema: { summary: "Your tenant's API keys (never the secrets)", response: { 200: Type.Array(ApiKeyInfo) } },
  }, async (req) => listApiKeys(req.db, tenantIdOf(req)));

  app.post('/api-keys', {
    config: { access: TENANT_ADMIN },
    schema: {
      summary: 'Issue an API key; the key is in this response only',
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          rights: Type.Array(Right, { minItems: 1, maxItems: 64, uniqueItems: true }),
          expiresAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Intersect([ApiKeyInfo, Type.Object({ key: Type.String({ description: 'hk_…: store it now, it is never shown again' }) })]) },
    },
  }, async (req, reply) => {
    const known = new Set(grantableRights(ctx.routes));
    const unknown = req.body.rights.filter((r) => !known.has(r));
    if (unknown.length > 0) throw new ApiError('BAD_REQUEST', `No route answers to ${unknown.join(', ')}: a key can be given only the rights GET /api-keys/rights lists`, { unknownRights: unknown });
    const now = ctx.now();
    const expiresAt = req.body.expiresAt === undefined ? null : new Date(req.body.expiresAt);
    if (expiresAt !== null && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) throw new ApiError('UNPROCESSABLE', 'expiresAt must be in the future');
    const p = principalOf(req);
    const { key, info } = await createApiKey(
      req.db,
      { tenantId: tenantIdOf(req), name: req.body.name, rights: req.body.rights, expiresAt: expiresAt?.toISOString() ?? null, createdBy: p.kind === 'user' ? p.userId : null },
      now,
    );
    await recordAudit(req, { action: 'api-key.create', targetType: 'api-key', targetId: info.id, details: { name: info.name, rights: info.rights } });
    return reply.code(201).send({ ...info, key });
  });

  app.delete('/api-keys/:id', {
    config: { access: TENANT_ADMIN },
    schema: { summary: 'Revoke an API key at once', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const info = await revokeApiKey(req.db, tenantIdOf(req), req.params.id, ctx.now());
    if (!info) throw new ApiError('NOT_FOUND', 'No such API key');
    await recordAudit(req, { action: 'api-key.revoke', targetType: 'api-key', targetId: info.id, details: { name: info.name } });
    return reply.code(204).send(null);
  });
};

export default apiKeyRoutes;
