/**
 * POST /api/v1/calls: click-to-call (C25) — the agent's phone rings, then the customer showing the
 * tenant's 400 number.
 * /api/v1/calls/{id}/…: call control on a live call of the caller's tenant (C25 and the agent
 * desk): hang up, hold, unhold, transfer, consult / complete / cancel-consult, conference (a
 * three-way), record-pause / record-resume; and a supervisor stepping in (C18): monitor (listen,
 * whisper, barge with their own SIP phone), conference/role, take-over, conference/end. Each runs
 * a verb of the call (src/calls/call-control.ts) and answers once the verb is done. An agent acts
 * only on calls of their own phone; a supervisor and a tenant admin on any call of their tenant.
 * Every step into a call (monitor, role switch, take-over, conference, its end) is audited.
 */
import type { FastifyRequest } from 'fastify';
import { CallVerbError } from '../../calls/call-verb-error.ts';
import type { ControlledCall } from '../../calls/call-control.ts';
import { isQ850Cause } from '../../calls/q850.ts';
import type { ConferenceRoleName } from '../../calls/call-events.ts';
import { getUser } from '../../users/user-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Type } from '../schema.ts';

const CALL_CONTROL: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };
/** A supervisor stepping in with their own phone: signed-in supervisors and tenant admins (keys have no phone). */
const STEP_IN: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true, apiKeyRight: false };

const LegRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: "'caller' (who dialled the 400 number), 'callee' (the phone that answered) or a leg id" });
const HangupBody = Type.Object({ cause: Type.Optional(Type.Integer({ minimum: 1, maximum: 127, description: 'Q.850 cause for the BYE Reason header; default 16 (normal call clearing)' })) }, { additionalProperties: false });
const HoldBody = Type.Object({ leg: Type.Optional(LegRef) }, { additionalProperties: false });
const Empty = Type.Object({}, { additionalProperties: false });
const Destination = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._~+-]+$', description: "A SIP user of your tenant (an agent's phone), or a phone number where your tenant may transfer outside" });
const TransferBody = Type.Object({ to: Destination, leg: Type.Optional(LegRef) }, { additionalProperties: false });
const ConsultBody = Type.Object({ to: Destination }, { additionalProperties: false });
const Role = Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')], {
  description: 'listen: hears both, heard by nobody; whisper: heard by the agent only; barge: heard by both',
});
const ConferenceBody = Type.Object({ to: Destination, role: Type.Optional(Role) }, { additionalProperties: false });
const RoleBody = Type.Object({ role: Role }, { additionalProperties: false });

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

/** The signed-in supervisor's own SIP phone (the one a step-in rings), or 409. */
async function ownPhone(req: FastifyRequest): Promise<string> {
  const p = principalOf(req);
  const me = p.kind === 'user' ? await getUser(req.db, tenantIdOf(req), p.userId) : undefined;
  if (!me?.sipUsername) throw new ApiError('CONFLICT', 'You have no SIP phone to step in with');
  return me.sipUsername;
}

/** Audits a step into call `callId` (C18: every listen, whisper, barge, take-over is on record). */
function auditStepIn(req: FastifyRequest, callId: string, action: string, details: Record<string, unknown>): Promise<void> {
  return recordAudit(req, { action: `call.${action}`, targetType: 'call', targetId: callId, details });
}

const ClickToCallBody = Type.Object(
  {
    to: Type.String({ maxLength: 21, pattern: '^\\+?[0-9]{5,20}$', description: "The customer's number (national or +E.164)" }),
    number400: Type.String({ maxLength: 16, pattern: '^[0-9]{7,16}$', description: 'One of your active 400 numbers: what the customer sees calling' }),
    agent: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._~+-]+$', description: "The agent's SIP user whose phone rings first; default your own (an agent may name only their own)" })),
  },
  { additionalProperties: false },
);
const PlacedCall = Type.Object({ id: Type.String({ description: 'The live call (POST /calls/{id}/… controls it; its record has this id)' }) });

/** A click-to-call refusal as the API's error. */
function refusalError(r: { status: number; reason: string }): ApiError {
  if (r.status === 404) return new ApiError('NOT_FOUND', r.reason);
  if (r.status === 403) return new ApiError('FORBIDDEN', r.reason);
  return new ApiError('CONFLICT', r.reason);
}

const callRoutes: RoutePlugin = async (app) => {
  app.post('/calls', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: "Click-to-call (C25): ring the agent's phone, then the customer showing your 400 number, and bridge them (recorded and rated like any call)", body: ClickToCallBody, response: { 201: PlacedCall } },
  }, async (req, reply) => {
    const control = req.server.hotline.calls;
    if (!control?.clickToCall) throw new ApiError('CONFLICT', 'Calls cannot be placed by this server');
    const tenantId = tenantIdOf(req);
    const p = principalOf(req);
    const me = p.kind === 'user' ? await getUser(req.db, tenantId, p.userId) : undefined;
    const agent = req.body.agent ?? me?.sipUsername;
    if (!agent) throw new ApiError('UNPROCESSABLE', 'Name the agent whose phone rings first (you have no SIP phone)');
    if (p.kind === 'user' && p.role === 'agent' && agent !== me?.sipUsername) throw new ApiError('FORBIDDEN', 'An agent places calls from their own phone only');
    const placed = await control.clickToCall({ tenantId, agent, customer: req.body.to, number400: req.body.number400 });
    if ('refused' in placed) throw refusalError(placed.refused);
    return reply.code(201).send({ id: placed.callId });
  });

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

  app.post('/calls/:id/consult', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: {
      summary: 'Consult: the caller is held with music while the answering phone calls `to`; answers once `to` answered (then complete or cancel-consult)',
      params: IdParams,
      body: ConsultBody,
      response: { 204: NoContent },
    },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.consult(req.body.to));
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/complete', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Attended transfer: the held caller talks to the consulted phone, the answering phone is hung up', params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.completeConsult());
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/cancel-consult', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Cancel the consult: the consulted phone is hung up (or stops ringing), the caller is unheld', params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.cancelConsult());
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/conference', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Bring `to` into the call (a three-way: role barge by default); answers once it is mixed in', params: IdParams, body: ConferenceBody, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    const role = req.body.role ?? 'barge';
    await run(() => call.conference(req.body.to, { role }));
    await auditStepIn(req, call.id, 'conference', { to: req.body.to, role });
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/monitor', {
    config: { access: STEP_IN, transaction: false },
    schema: {
      summary: "A supervisor steps in with their own SIP phone: listen, whisper (to the agent) or barge; answers once their phone answered and is mixed in",
      params: IdParams,
      body: RoleBody,
      response: { 204: NoContent },
    },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    const phone = await ownPhone(req);
    const role: ConferenceRoleName = req.body.role;
    await run(() => call.conference(phone, { role, sipOnly: true }));
    await auditStepIn(req, call.id, 'monitor', { role, phone });
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/conference/role', {
    config: { access: STEP_IN, transaction: false },
    schema: { summary: "Switch the conference's third party between listen, whisper and barge without dropping it", params: IdParams, body: RoleBody, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.setConferenceRole(req.body.role));
    await auditStepIn(req, call.id, 'monitor-role', { role: req.body.role });
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/take-over', {
    config: { access: STEP_IN, transaction: false },
    schema: { summary: "The conference's third party (a supervisor) stays with the caller alone; the agent's phone is hung up", params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.takeOver());
    await auditStepIn(req, call.id, 'take-over', {});
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/conference/end', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: "The conference's third party is hung up; the caller and the agent talk alone again", params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.endConference());
    await auditStepIn(req, call.id, 'conference-end', {});
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/record-pause', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'PCI: pause the call recording (the paused span is silence in the file, noted in the call record)', params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.pauseRecording());
    return reply.code(204).send(null);
  });

  app.post('/calls/:id/record-resume', {
    config: { access: CALL_CONTROL, transaction: false },
    schema: { summary: 'Resume the paused call recording', params: IdParams, body: Empty, response: { 204: NoContent } },
  }, async (req, reply) => {
    const call = await callOf(req, req.params.id);
    await run(() => call.resumeRecording());
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
