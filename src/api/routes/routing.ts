/**
 * /api/v1/routing/numbers/:number: a tenant admin's routing of one of the tenant's 400 numbers —
 * the bound phones (R1) and the policy (R2–R6, R14; docs/routing.md). Both are read per call, so
 * a change is effective for the next call. The tenant always comes from the session.
 */
import type { FastifyRequest } from 'fastify';
import { getNumber } from '../../numbers/number-inventory.ts';
import { listBoundPhones, setBoundPhones } from '../../routing/bound-phone-store.ts';
import { MAX_BOUND_PHONES } from '../../routing/bound-phone.ts';
import { NumberPolicySchema } from '../../routing/number-policy.ts';
import { deleteNumberPolicy, getNumberPolicy, setNumberPolicy } from '../../routing/number-policy-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import { queueRefs } from '../queue-refs.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { NoContent, Timestamp, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40, description: '400 number, e.g. 4006123456' }) }, { additionalProperties: false });
const BoundPhone = Type.Object(
  { kind: Type.Union([Type.Literal('pstn'), Type.Literal('sip')]), target: Type.String({ minLength: 1, maxLength: 64, description: 'E.164 (+86…) for pstn, the SIP username for sip' }) },
  { additionalProperties: false },
);
const BoundPhones = Type.Array(BoundPhone, { maxItems: MAX_BOUND_PHONES });
const PolicyView = Type.Object(
  { policy: NumberPolicySchema, updatedAt: Type.Union([Timestamp, Type.Null()]), updatedBy: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]) },
  { additionalProperties: false },
);
const RoutingView = Type.Object({ number: Type.String(), boundPhones: BoundPhones, policy: PolicyView }, { additionalProperties: false });

/** The number, when the caller's tenant holds it; another tenant's number is indistinguishable from none. */
async function ownNumber(req: FastifyRequest, raw: string): Promise<string> {
  const n = await getNumber(req.db, raw);
  if (!n || n.tenantId !== tenantIdOf(req)) throw new ApiError('NOT_FOUND', 'No such number');
  return n.number;
}

async function policyView(req: FastifyRequest, number: string) {
  const stored = await getNumberPolicy(req.db, tenantIdOf(req), number);
  return stored ?? { policy: {}, updatedAt: null, updatedBy: null };
}

const routingRoutes: RoutePlugin = async (app) => {
  app.get('/routing/numbers/:number', {
    config: { access: STAFF },
    schema: { summary: 'Bound phones and routing policy of one of your numbers', params: NumberParams, response: { 200: RoutingView } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    return { number, boundPhones: await listBoundPhones(req.db, tenantIdOf(req), number), policy: await policyView(req, number) };
  });

  app.put('/routing/numbers/:number/bound-phones', {
    config: { access: ADMIN },
    schema: { summary: 'Replace the bound phones (ring order), effective for the next call', params: NumberParams, body: BoundPhones, response: { 200: BoundPhones } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    await setBoundPhones(req.db, tenantIdOf(req), number, req.body);
    await recordAudit(req, { action: 'routing.bound-phones.set', targetType: 'number', targetId: number, details: { boundPhones: req.body } });
    return listBoundPhones(req.db, tenantIdOf(req), number);
  });

  app.put('/routing/numbers/:number/policy', {
    config: { access: ADMIN },
    schema: { summary: 'Replace the routing policy, effective for the next call', params: NumberParams, body: NumberPolicySchema, response: { 200: PolicyView } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    const actor = actorOf(req);
    const tenantId = tenantIdOf(req);
    const queues = queueRefs(req.server.hotline.acd.engine, tenantId);
    const stored = await setNumberPolicy(req.db, tenantId, number, req.body, { by: actor.name, now: req.server.hotline.now(), queues });
    await recordAudit(req, { action: 'routing.policy.set', targetType: 'number', targetId: number, details: { policy: stored.policy } });
    return stored;
  });

  app.delete('/routing/numbers/:number/policy', {
    config: { access: ADMIN },
    schema: { summary: 'Remove the policy: the number rings its bound phones top-down', params: NumberParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const number = await ownNumber(req, req.params.number);
    if (!(await deleteNumberPolicy(req.db, tenantIdOf(req), number))) throw new ApiError('NOT_FOUND', 'This number has no policy');
    await recordAudit(req, { action: 'routing.policy.delete', targetType: 'number', targetId: number, details: {} });
    return reply.code(204).send(null);
  });
};

export default routingRoutes;
