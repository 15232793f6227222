/**
 * /api/v1/reports: the tenant portal's figures — P3 spending (daily totals for a year and the
 * monthly deductions) and P6 call analysis (per 400 number and per bound phone). Money is li.
 */
import { callAnalysis } from '../../reports/call-analysis.ts';
import { serviceFigures } from '../../reports/service-figures.ts';
import { spendingReport } from '../../reports/spending-report.ts';
import { FiguresQuery, FiguresReportFields, figuresPeriod } from '../service-figures-schema.ts';
import { getTenant } from '../../tenants/tenant-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Type } from '../schema.ts';

const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const MAX_ANALYSIS_DAYS = 400;

const Stats = {
  calls: Type.Integer(),
  answered: Type.Integer(),
  busy: Type.Integer(),
  noAnswer: Type.Integer(),
  talkSeconds: Type.Integer(),
  averageTalkSeconds: Type.Integer(),
};

const reportRoutes: RoutePlugin = async (app) => {
  app.get('/reports/spending', {
    config: { access: STAFF },
    schema: {
      summary: 'Daily totals of a year and monthly deductions (li), in the tenant zone',
      querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2200 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object(
          {
            year: Type.Integer(),
            timeZone: Type.String(),
            days: Type.Array(Type.Object({ date: Type.String(), spendLi: Type.Integer(), topUpLi: Type.Integer() }, { additionalProperties: false })),
            months: Type.Array(Type.Object({ month: Type.String(), spendLi: Type.Integer(), topUpLi: Type.Integer() }, { additionalProperties: false })),
            spendLi: Type.Integer(),
            topUpLi: Type.Integer(),
          },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const tenant = await getTenant(req.db, tenantId);
    const report = await spendingReport(req.db, tenantId, req.query.year, tenant?.timeZone ?? 'Asia/Shanghai');
    return { ...report, days: [...report.days] };
  });

  app.get('/reports/call-analysis', {
    config: { access: STAFF },
    schema: {
      summary: 'Calls, busy, no answer, total and average talk time per 400 number and per bound phone',
      querystring: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
      response: {
        200: Type.Object(
          {
            from: Type.String(),
            to: Type.String(),
            numbers: Type.Array(Type.Object({ number400: Type.String(), ...Stats }, { additionalProperties: false })),
            phones: Type.Array(Type.Object({ phone: Type.String(), kind: Type.String(), ...Stats }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req) => {
    const from = new Date(req.query.from);
    const to = new Date(req.query.to);
    if (!(from < to) || to.getTime() - from.getTime() > MAX_ANALYSIS_DAYS * 86_400_000) {
      throw new ApiError('BAD_REQUEST', `from must be before to, at most ${MAX_ANALYSIS_DAYS} days apart`);
    }
    return callAnalysis(req.db, tenantIdOf(req), from, to);
  });

  app.get('/reports/service-figures', {
    config: { access: STAFF },
    schema: {
      summary: 'C34 service figures from the call records: answer, abandonment and drop rates, service level, speed of answer, connect time — in total, per day (tenant zone) and per queue',
      querystring: FiguresQuery,
      response: { 200: Type.Object(FiguresReportFields, { additionalProperties: false }) },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const tenant = await getTenant(req.db, tenantId);
    const { tenants: _, ...report } = await serviceFigures(req.db, { tenantId, ...figuresPeriod(req.query), timeZone: tenant?.timeZone ?? 'Asia/Shanghai', ...(req.query.targetSeconds ? { targetSeconds: req.query.targetSeconds } : {}) });
    return report;
  });
};

export default reportRoutes;
