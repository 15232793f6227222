/** /api/v1/platform: the operator's view of the running platform. */
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Timestamp, Type } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };

const HealthReply = Type.Object(
  {
    status: Type.Literal('up'),
    sipPort: Type.Integer({ description: 'SIP port (UDP and TCP)' }),
    activeCalls: Type.Integer({ minimum: 0, description: 'Calls under way' }),
    registrations: Type.Integer({ minimum: 0, description: "Registered contacts of agents' SIP phones" }),
    startedAt: Timestamp,
  },
  { additionalProperties: false },
);

const platformRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;
  app.get('/platform/health', {
    config: { access: OPERATOR, transaction: false },
    schema: { summary: 'Live counts of the running platform (operator only; the public /healthz says only up or down)', response: { 200: HealthReply } },
  }, async () => {
    if (!ctx.platformHealth) throw new ApiError('NOT_FOUND', 'This API runs without a platform');
    return { status: 'up' as const, ...ctx.platformHealth() };
  });
};

export default platformRoutes;
