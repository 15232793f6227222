import { listAudit } from '../../audit/audit-log.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, Limit, Timestamp, Type } from '../schema.ts';

/** /api/v1/audit: the system log (C33). Tenant admins read their tenant's; operators the platform's or a tenant's. */
const TENANT_ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false, apiKeyRight: false };

const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    tenantId: Type.Union([Type.String(), Type.Null()]),
    actor: Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }, { additionalProperties: false }),
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

const Filters = {
  before: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Entries before this time (page backwards)' })),
  since: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Limit),
};

/** Stored timestamps are UTC ISO text: normalise the filters so text comparison is time comparison. */
function utc<T extends { before?: string; since?: string }>(q: T): T {
  return {
    ...q,
    ...(q.before !== undefined ? { before: iso(q.before) } : {}),
    ...(q.since !== undefined ? { since: iso(q.since) } : {}),
  };
}

function iso(text: string): string {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new ApiError('VALIDATION_FAILED', `not a time: ${text.slice(0, 40)}`);
  return at.toISOString();
}

const auditRoutes: RoutePlugin = async (app) => {
  app.get('/audit', {
    config: { access: TENANT_ADMIN },
    schema: { summary: "Your tenant's audit log, newest first", querystring: Type.Object(Filters, { additionalProperties: false }), response: { 200: Type.Array(AuditEntry) } },
  }, async (req) => listAudit(req.db, { ...utc(req.query), tenantId: tenantIdOf(req), limit: req.query.limit ?? 100 }));

  app.get('/audit/platform', {
    config: { access: OPERATOR },
    schema: {
      summary: "The platform's audit log, or one tenant's (operator only)",
      querystring: Type.Object({ ...Filters, tenantId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 200: Type.Array(AuditEntry) },
    },
  }, async (req) => {
    const { tenantId, ...filters } = req.query;
    return listAudit(req.db, { ...utc(filters), tenantId: tenantId ?? null, limit: filters.limit ?? 100 });
  });
};

export default auditRoutes;
