/**
 * /api/v1/rate-plans: the operator's price lists (li per 6 s or 60 s unit, per call type, plus a
 * monthly fee) and which plan each tenant is on. Money is integer li (0.001 CNY) throughout.
 */
import type { FastifyRequest } from 'fastify';
import { MAX_CALL_TYPES, MAX_MONTHLY_FEE_LI, MAX_RATE_LI } from '../../billing/rate-plan-input.ts';
import { assignRatePlan, createRatePlan, deleteRatePlan, getRatePlan, getTenantRatePlan, listRatePlans, updateRatePlan } from '../../billing/rate-plan-store.ts';
import { CALL_TYPE_PATTERN } from '../../billing/rate-plan.ts';
import type { RatePlan } from '../../billing/rate-plan.ts';
import { getTenant } from '../../tenants/tenant-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, NoContent, Timestamp, Type } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };

const Unit = Type.Union([Type.Literal(6), Type.Literal(60)], { description: 'Billing unit in seconds; a started unit counts whole' });
const Rates = Type.Record(Type.String({ pattern: CALL_TYPE_PATTERN, maxLength: 48 }), Type.Integer({ minimum: 0, maximum: MAX_RATE_LI }), {
  maxProperties: MAX_CALL_TYPES,
  description: 'li per billing unit, by call type (e.g. inbound_forward_mobile)',
});
const MonthlyFee = Type.Integer({ minimum: 0, maximum: MAX_MONTHLY_FEE_LI, description: 'li per month' });

const RatePlanBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), billingUnitSeconds: Unit, rates: Rates, monthlyFeeLi: MonthlyFee },
  { additionalProperties: false },
);

const RatePlanView = Type.Object(
  {
    id: Id,
    name: Type.String(),
    billingUnitSeconds: Unit,
    rates: Type.Record(Type.String(), Type.Integer()),
    monthlyFeeLi: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

const Assignment = Type.Object({ ratePlanId: Id }, { additionalProperties: false });

function byOf(req: FastifyRequest): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

async function planOr404(req: FastifyRequest, id: string): Promise<RatePlan> {
  const plan = await getRatePlan(req.db, id);
  if (!plan) throw new ApiError('NOT_FOUND', 'No such rate plan');
  return plan;
}

function auditDetails(p: RatePlan): Record<string, unknown> {
  return { name: p.name, billingUnitSeconds: p.billingUnitSeconds, rates: p.rates, monthlyFeeLi: p.monthlyFeeLi };
}

const ratePlanRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();

  app.get('/rate-plans', {
    config: { access: OPERATOR },
    schema: { summary: 'Rate plans', response: { 200: Type.Array(RatePlanView) } },
  }, async (req) => listRatePlans(req.db));

  app.get('/rate-plans/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'One rate plan', params: IdParams, response: { 200: RatePlanView } },
  }, async (req) => planOr404(req, req.params.id));

  app.post('/rate-plans', {
    config: { access: OPERATOR },
    schema: { summary: 'Add a rate plan', body: RatePlanBody, response: { 201: RatePlanView } },
  }, async (req, reply) => {
    const plan = await createRatePlan(req.db, req.body, byOf(req), now());
    await recordAudit(req, { tenantId: null, action: 'rate-plan.create', targetType: 'rate-plan', targetId: plan.id, details: auditDetails(plan) });
    return reply.code(201).send(plan);
  });

  app.put('/rate-plans/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'Replace a rate plan (charges already booked keep their amounts)', params: IdParams, body: RatePlanBody, response: { 200: RatePlanView } },
  }, async (req) => {
    const current = await planOr404(req, req.params.id);
    const plan = await updateRatePlan(req.db, current.id, req.body, byOf(req), now());
    await recordAudit(req, { tenantId: null, action: 'rate-plan.update', targetType: 'rate-plan', targetId: plan.id, details: auditDetails(plan) });
    return plan;
  });

  app.delete('/rate-plans/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'Remove a rate plan no tenant is on', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const plan = await planOr404(req, req.params.id);
    await deleteRatePlan(req.db, plan.id, byOf(req));
    await recordAudit(req, { tenantId: null, action: 'rate-plan.delete', targetType: 'rate-plan', targetId: plan.id, details: { name: plan.name } });
    return reply.code(204).send(null);
  });

  app.get('/tenants/:id/rate-plan', {
    config: { access: OPERATOR },
    schema: { summary: 'The plan an enterprise is on', params: IdParams, response: { 200: RatePlanView } },
  }, async (req) => {
    const plan = await getTenantRatePlan(req.db, req.params.id);
    if (!plan) throw new ApiError('NOT_FOUND', 'The enterprise is on no rate plan');
    return plan;
  });

  app.put('/tenants/:id/rate-plan', {
    config: { access: OPERATOR },
    schema: { summary: 'Put an enterprise on a plan', params: IdParams, body: Assignment, response: { 200: RatePlanView } },
  }, async (req) => {
    const tenant = await getTenant(req.db, req.params.id);
    if (!tenant) throw new ApiError('NOT_FOUND', 'No such tenant');
    const plan = await planOr404(req, req.body.ratePlanId);
    await assignRatePlan(req.db, tenant.id, plan.id, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'rate-plan.assign', targetType: 'tenant', targetId: tenant.id, details: { ratePlanId: plan.id, name: plan.name } });
    return plan;
  });
};

export default ratePlanRoutes;
