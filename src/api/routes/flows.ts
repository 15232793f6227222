/**
 * /api/v1/flows/numbers/:number: a tenant admin's pre-dial flow of one of the tenant's 400
 * numbers — welcome, caller password (R7), menu (R10), ringback 彩铃 (R9) and voicemail (R13);
 * docs/flows.md. Read per call, so a change is effective for the next call.
 */
import type { FastifyRequest } from 'fastify';
import { getNumber } from '../../numbers/number-inventory.ts';
import { FlowError, NumberFlowSchema } from '../../flows/flow-schema.ts';
import { deleteNumberFlow, getNumberFlow, setNumberFlow } from '../../flows/flow-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import { queueRefs } from '../queue-refs.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { NoContent, Timestamp, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40, description: '400 number, e.g. 4006123456' }) }, { additionalProperties: false });
const FlowView = Type.Object(
  { number: Type.String(), flow: NumberFlowSchema, updatedAt: Type.Union([Timestamp, Type.Null()]), updatedBy: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]) },
  { additionalProperties: false },
);

/** The number, when the caller's tenant holds it; another tenant's number is indistinguishable from none. */
async function ownNumber(req: FastifyRequest, raw: string): Promise<string> {
  const n = await getNumber(req.db, raw);
  if (!n || n.tenantId !== tenantIdOf(req)) throw new ApiError('NOT_FOUND', 'No such number');
  return n.number;
}

const flowRoutes: RoutePlugin = async (app) => {
  app.get('/flows/numbers/:number', {
    config: { access: STAFF },
    schema: { summary: 'The pre-dial flow of one of your numbers ({} when it has none)', params: NumberParams, response: { 200: FlowView } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    const stored = await getNumberFlow(req.db, tenantIdOf(req), number);
    return stored ? { number, ...stored } : { number, flow: {}, updatedAt: null, updatedBy: null };
  });

  app.put('/flows/numbers/:number', {
    config: { access: ADMIN },
    schema: { summary: 'Replace the pre-dial flow, effective for the next call', params: NumberParams, body: NumberFlowSchema, response: { 200: FlowView } },
  }, async (req) => {
    const number = await ownNumber(req, req.params.number);
    try {
      const queues = queueRefs(req.server.hotline.acd.engine, tenantIdOf(req));
      const stored = await setNumberFlow(req.db, tenantIdOf(req), number, req.body, { by: actorOf(req).name, now: req.server.hotline.now(), queues });
      await recordAudit(req, { action: 'flows.flow.set', targetType: 'number', targetId: number, details: { flow: stored.flow } });
      return { number, ...stored };
    } catch (err) {
      if (err instanceof FlowError) throw new ApiError('UNPROCESSABLE', err.message, { problems: err.problems });
      throw err;
    }
  });

  app.delete('/flows/numbers/:number', {
    config: { access: ADMIN },
    schema: { summary: 'Remove the flow: calls ring the phones at once again', params: NumberParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const number = await ownNumber(req, req.params.number);
    if (!(await deleteNumberFlow(req.db, tenantIdOf(req), number))) throw new ApiError('NOT_FOUND', 'This number has no flow');
    await recordAudit(req, { action: 'flows.flow.delete', targetType: 'number', targetId: number, details: {} });
    return reply.code(204).send(null);
  });
};

export default flowRoutes;
