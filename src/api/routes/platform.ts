/** /api/v1/platform: the operator's view of the running platform. */
import { SERVICE_PROMISES, serviceFigures } from '../../reports/service-figures.ts';
import { listTenants } from '../../tenants/tenant-store.ts';
import { ApiError } from '../errors.ts';
import { FigureFields, FiguresQuery, FiguresReportFields, figuresPeriod } from '../service-figures-schema.ts';
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
    callsPerSecond: Type.Number({ minimum: 0, description: 'Calls started per second, averaged over the last ten seconds' }),
    mediaWorkers: Type.Array(Type.Integer({ minimum: 0 }), { description: 'Live media endpoints per worker thread; empty: media runs in the main thread' }),
    startedAt: Timestamp,
  },
  { additionalProperties: false },
);

/** The operator's days are the platform's (China's) calendar days. */
const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

const PlatformFigures = Type.Object(
  {
    ...FiguresReportFields,
    promises: Type.Object({ answerRate: Type.Number(), dropRate: Type.Number(), longCallDropRate: Type.Number(), connectSeconds: Type.Number() }, { additionalProperties: false, description: "seed 003's promises: answer rate above, drop rates below, connect time below" }),
    tenants: Type.Array(Type.Object({ tenantId: Type.String({ maxLength: 64 }), code: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 200 }), ...FigureFields }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const platformRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;
  app.get('/platform/service-figures', {
    config: { access: OPERATOR },
    schema: { summary: "C34 service figures of every tenant and the platform, beside seed 003's promises (answer > 99 %, drop < 0.1 %, one-hour drop < 3 %, connect < 7 s)", querystring: FiguresQuery, response: { 200: PlatformFigures } },
  }, async (req) => {
    const report = await serviceFigures(req.db, { tenantId: null, ...figuresPeriod(req.query), timeZone: PLATFORM_TIME_ZONE, ...(req.query.targetSeconds ? { targetSeconds: req.query.targetSeconds } : {}) });
    const names = new Map((await listTenants(req.db)).map((t) => [t.id, t]));
    return {
      ...report,
      promises: { ...SERVICE_PROMISES },
      tenants: report.tenants.map((t) => ({ ...t, code: names.get(t.tenantId)?.code ?? '', name: names.get(t.tenantId)?.name ?? '' })),
    };
  });

  app.get('/platform/health', {
    config: { access: OPERATOR, transaction: false },
    schema: { summary: 'Live counts of the running platform (operator only; the public /healthz says only up or down)', response: { 200: HealthReply } },
  }, async () => {
    if (!ctx.platformHealth) throw new ApiError('NOT_FOUND', 'This API runs without a platform');
    const h = ctx.platformHealth();
    return { status: 'up' as const, ...h, mediaWorkers: [...h.mediaWorkers] };
  });
};

export default platformRoutes;
