/**
 * /api/v1/calls/{id}/…: call control on a live call of the caller's tenant (C25 and the agent
 * desk): hang up, hold, unhold, transfer. Each runs a verb of the call (src/calls/call-control.ts) and
 * answers once the verb is done. An agent acts only on calls of their own phone; a supervisor
 * and a tenant admin on any call of their tenant.
 */
import type { FastifyRequest } from 'fastify';
import { CallVerbError } from '../../calls/call-verb-error.ts';
import type { ControlledCall } from '../../calls/call-control.ts';
import { isQ850Cause } from '../../calls/q850.ts';
import { getUser } from '../../users/user-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Type } from '../schema.ts';

const CALL_CONTROL: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const LegRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: "'caller' (who dialled the 400 number), 'callee' (the phone that answered) or a leg id" });
const HangupBody = Type.Object({ cause: Type.Optional(Type.Integer({ minimum: 1, maximum: 127, description: 'Q.850 cause for the BYE Reason header; default 16 (normal call clearing)' })) }, { additionalProperties: false });
const HoldBody = Type.Object({ leg: Type.Optional(LegRef) }, { additionalProperties: false });
const Empty = Type.Object({}, { additionalProperties: false });
const TransferBody = Type.Object(
  {
    to: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._~+-]+$', description: "A SIP user of your tenant (an agent's phone), or a phone number where your tenant may transfer outside" }),
    leg: Type.Optional(LegRef),
  },
  { additionalProperties: false },
);

/** The caller's live call, or 404 (unknown id, another tenant's call, or an agent's call not on their phone). */
async function callOf(req: FastifyRequest, callId: string): Promise<ControlledCall> {
  const control = req.server.hotline.calls;
  // Without call control in this process (an API-only test app) there are no live calls.
  const tenantId = tenantIdOf(req);
  const call = control?.find(tenantId, callId);
  if (!call) throw new ApiError('NOT_FOUND', 'No such live call');
  const p = principalOf(req);
  if (p.kind === 'user' && p.role === 'agent') {
    const me = await getUser(req.db, tenantId, p.userId);
    if (!me?.sipUsername || !call.parties().includes(me.sipUsername)) throw new ApiError('NOT_FOUND', 'No such live call');
  }
  return call;
}

/** A verb's failure as the API's error. */
async function run(verb: () => Promise<void>): Promise<null> {
  try {
    await verb();
    return null;
  } catch (err) {
    if (!(err instanceof CallVerbError)) throw err;
    if (err.code === 'no-such-leg') throw new ApiError('NOT_FOUND', err.message);
    if (err.code === 'refused') throw new ApiError('UPSTREAM_REFUSED', err.message);
    if (err.code === 'forbidden') throw new ApiError('FORBIDDEN', err.message);
    throw new ApiError('CONFLICT', err.message);
  }
}

const callRoutes: RoutePlugin = async (app) => {
  // A verb without options may be posted without a body.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined) req.body = {};
  });

  app.post('/calls/:id/hangup', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Hang up a live call (BYE with a Q.850 Reason)', params: IdParams, body: HangupBody, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    const cause = req.body.cause ?? 16;
    if (!isQ850Cause(cause)) throw new ApiError('VALIDATION_FAILED', `Q.850 cause ${cause} is not one the platform sends`);
    await run(() => call.hangUp({ cause }));
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/hold', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Put a leg on hold: re-INVITE a=sendonly, music to the held side', params: IdParams, body: HoldBody, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.hold(req.body.leg ?? 'caller'));
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/transfer', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Blind transfer: the caller hears ringback, then talks to `to`; the phone that had them is hung up', params: IdParams, body: TransferBody, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.transfer(req.body.leg ?? 'caller', req.body.to));
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/unhold', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Take the held leg off hold and bridge it back', params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.unhold());
    return reply.code(204).send(null);
  });
};

export default callRoutes;
