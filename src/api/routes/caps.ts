/**
 * /api/v1/caps/numbers/:number: a tenant's monthly caps on one of its 400 numbers (R8,
 * docs/caps.md) and this month's usage against them. The tenant always comes from the session; a
 * change is effective for calls within the cap gate's cache time (5 s).
 */
import type { FastifyRequest } from 'fastify';
import { capMonthOf } from '../../caps/cap-month.ts';
import { deleteNumberCaps, getNumberCaps, setNumberCaps } from '../../caps/cap-store.ts';
import { queryMonthlyUsage } from '../../caps/monthly-usage.ts';
import { NumberCapsSchema, toNumberCaps } from '../../caps/number-caps.ts';
import { getNumber } from '../../numbers/number-inventory.ts';
import { getTenant } from '../../tenants/tenant-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { NoContent, Timestamp, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40, description: '400 number, e.g. 4006123456' }) }, { additionalProperties: false });
const CapValue = Type.Union([Type.Integer(), Type.Null()]);
const CapsView = Type.Object(
  {
    number: Type.String(),
    caps: Type.Object({ monthlySpendLi: CapValue, monthlyCalls: CapValue }, { additionalProperties: false }),
    updatedAt: Type.Union([Timestamp, Type.Null()]),
    updatedBy: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    usage: Type.Object(
      {
        month: Type.String({ description: 'YYYY-MM in the tenant\'s time zone' }),
        calls: Type.Integer({ description: 'Calls admitted this month (refused ones not counted)' }),
        spendLi: Type.Integer({ description: 'Cost of this month\'s calls, li' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** The number, when the caller's tenant holds it; another tenant's number is indistinguishable from none. */
async function ownNumber(req: FastifyRequest, raw: string): Promise<string> {
  const n = await getNumber(req.db, raw);
  if (!n || n.tenantId !== tenantIdOf(req)) throw new ApiError('NOT_FOUND', 'No such number');
  return n.number;
}

async function capsView(req: FastifyRequest, number: string) {
  const tenantId = tenantIdOf(req);
  const [stored, tenant] = await Promise.all([getNumberCaps(req.db, tenantId, number), getTenant(req.db, tenantId)]);
  const month = capMonthOf(req.server.hotline.now().getTime(), tenant?.timeZone ?? 'Asia/Shanghai');
  const usage = await queryMonthlyUsage(req.db, tenantId, number, month);
  return {
    number,
    caps: { monthlySpendLi: stored?.monthlySpendLi ?? null, monthlyCalls: stored?.monthlyCalls ?? null },
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ?? null,
    usage: { month: month.key, calls: usage.calls, spendLi: usage.spendLi },
  };
}

const capsRoutes: RoutePlugin = async (app) => {
  app.get('/caps/numbers/:number', {
    config: { access: STAFF },
    schema: { summary: 'Monthly caps of one of your numbers and this month\'s usage', params: NumberParams, response: { 200: CapsView } },
  }, async (req) => capsView(req, await ownNumber(req, req.params.number)));

  app.put('/caps/numbers/:number', {
    config: { access: ADMIN },
    schema: { summary: 'Replace the monthly caps (a kind left out or null is uncapped)', params: NumberParams, body: NumberCapsSchema, response: { 200: CapsView } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    const caps = toNumberCaps(req.body);
    await setNumberCaps(req.db, tenantIdOf(req), number, caps, { by: actorOf(req).name, now: req.server.hotline.now() });
    await recordAudit(req, { action: 'caps.set', targetType: 'number', targetId: number, details: { caps } });
    return capsView(req, number);
  });

  app.delete('/caps/numbers/:number', {
    config: { access: ADMIN },
    schema: { summary: 'Remove both caps', params: NumberParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const number = await ownNumber(req, req.params.number);
    if (!(await deleteNumberCaps(req.db, tenantIdOf(req), number))) throw new ApiError('NOT_FOUND', 'This number has no caps');
    await recordAudit(req, { action: 'caps.delete', targetType: 'number', targetId: number });
    return reply.code(204).send(null);
  });
};

export default capsRoutes;
