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
import { queueTransfer } from '../../acd/transfer-in.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Type } from '../schema.ts';
import type { Static, TSchema } from '../schema.ts';

const CALL_CONTROL: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };
/** A supervisor stepping in with their own phone: signed-in supervisors and tenant admins (keys have no phone). */
const STEP_IN: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true, apiKeyRight: false };

const LegRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: "'caller' (who dialled the 400 number), 'callee' (the phone that answered) or a leg id" });
const HangupBody = Type.Object({ cause: Type.Optional(Type.Integer({ minimum: 1, maximum: 127, description: 'Q.850 cause for the BYE Reason header; default 16 (normal call clearing)' })) }, { additionalProperties: false });
const HoldBody = Type.Object({ leg: Type.Optional(LegRef) }, { additionalProperties: false });
const Empty = Type.Object({}, { additionalProperties: false });
const Destination = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._~+-]+$', description: "A SIP user of your tenant (an agent's phone), or a phone number where your tenant may transfer outside" });
const QueueRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'A queue of your tenant (its id, as GET /desk/transfer-targets lists): the caller waits there like a new arrival' });
const TransferBody = Type.Object({ to: Type.Optional(Destination), queue: Type.Optional(QueueRef), leg: Type.Optional(LegRef) }, { additionalProperties: false });
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
async function run<T>(verb: () => Promise<T>): Promise<T> {
  try {
    return await verb();
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

/**
 * One call-control verb: POST /calls/{id}/<path>, answered 204 once the verb is done. `act` runs it
 * on the caller's live call; with `audit`, the step into the call is audited with what `act` returns.
 */
interface VerbRoute<B extends TSchema> {
  path: string;
  access: RouteAccess;
  summary: string;
  body: B;
  act(call: ControlledCall, body: Static<B>, req: FastifyRequest): Promise<void | Record<string, unknown>>;
  audit?: string;
}

/** Keeps each entry's body typed by its own schema; the table holds them alike. */
function verb<B extends TSchema>(route: VerbRoute<B>): VerbRoute<TSchema> {
  return route as unknown as VerbRoute<TSchema>;
}

const VERBS: VerbRoute<TSchema>[] = [
  verb({
    path: 'hangup',
    access: CALL_CONTROL,
    summary: 'Hang up a live call (BYE with a Q.850 Reason)',
    body: HangupBody,
    act: (call, body) => {
      const cause = body.cause ?? 16;
      if (!isQ850Cause(cause)) throw new ApiError('VALIDATION_FAILED', `Q.850 cause ${cause} is not one the platform sends`);
      return call.hangUp({ cause });
    },
  }),
  verb({
    path: 'hold',
    access: CALL_CONTROL,
    summary: 'Put a leg on hold: re-INVITE a=sendonly, music to the held side',
    body: HoldBody,
    act: (call, body) => call.hold(body.leg ?? 'caller'),
  }),
  verb({
    path: 'transfer',
    access: CALL_CONTROL,
    summary: 'Blind transfer: the caller hears ringback, then talks to `to`; the phone that had them is hung up. With `queue` instead of `to`: the phone is hung up at once and the caller waits in that queue (music, position) for its agents; answers once the queue has the caller',
    body: TransferBody,
    act: async (call, body, req) => {
      if ((body.to === undefined) === (body.queue === undefined)) throw new ApiError('UNPROCESSABLE', 'Give either `to` (a phone) or `queue` (a queue of yours)');
      if (body.to !== undefined) return call.transfer(body.leg ?? 'caller', body.to);
      const acd = req.server.hotline.acd;
      await acd.loader.ensureTenant(call.tenantId, req.db);
      // Only a queue of the call's own tenant: another tenant's id is as unknown as a made-up one.
      if (!body.queue || !acd.engine.queueSettings(call.tenantId, body.queue)) throw new ApiError('UNPROCESSABLE', 'queue: not a queue of yours');
      const p = principalOf(req);
      return call.handOff(body.leg ?? 'caller', queueTransfer(body.queue, p.kind === 'user' ? p.userId : undefined));
    },
  }),
  verb({
    path: 'consult',
    access: CALL_CONTROL,
    summary: 'Consult: the caller is held with music while the answering phone calls `to`; answers once `to` answered (then complete or cancel-consult)',
    body: ConsultBody,
    act: (call, body) => call.consult(body.to),
  }),
  verb({
    path: 'complete',
    access: CALL_CONTROL,
    summary: 'Attended transfer: the held caller talks to the consulted phone, the answering phone is hung up',
    body: Empty,
    act: (call) => call.completeConsult(),
  }),
  verb({
    path: 'cancel-consult',
    access: CALL_CONTROL,
    summary: 'Cancel the consult: the consulted phone is hung up (or stops ringing), the caller is unheld',
    body: Empty,
    act: (call) => call.cancelConsult(),
  }),
  verb({
    path: 'conference',
    access: CALL_CONTROL,
    summary: 'Bring `to` into the call (a three-way: role barge by default); answers once it is mixed in',
    body: ConferenceBody,
    act: async (call, body) => {
      const role = body.role ?? 'barge';
      await call.conference(body.to, { role });
      return { to: body.to, role };
    },
    audit: 'conference',
  }),
  verb({
    path: 'monitor',
    access: STEP_IN,
    summary: 'A supervisor steps in with their own SIP phone: listen, whisper (to the agent) or barge; answers once their phone answered and is mixed in',
    body: RoleBody,
    act: async (call, body, req) => {
      const phone = await ownPhone(req);
      const role: ConferenceRoleName = body.role;
      await call.conference(phone, { role, sipOnly: true });
      return { role, phone };
    },
    audit: 'monitor',
  }),
  verb({
    path: 'conference/role',
    access: STEP_IN,
    summary: "Switch the conference's third party between listen, whisper and barge without dropping it",
    body: RoleBody,
    act: async (call, body) => {
      await call.setConferenceRole(body.role);
      return { role: body.role };
    },
    audit: 'monitor-role',
  }),
  verb({
    path: 'take-over',
    access: STEP_IN,
    summary: "The conference's third party (a supervisor) stays with the caller alone; the agent's phone is hung up",
    body: Empty,
    act: (call) => call.takeOver(),
    audit: 'take-over',
  }),
  verb({
    path: 'conference/end',
    access: CALL_CONTROL,
    summary: "The conference's third party is hung up; the caller and the agent talk alone again",
    body: Empty,
    act: (call) => call.endConference(),
    audit: 'conference-end',
  }),
  verb({
    path: 'record-pause',
    access: CALL_CONTROL,
    summary: 'PCI: pause the call recording (the paused span is silence in the file, noted in the call record)',
    body: Empty,
    act: (call) => call.pauseRecording(),
  }),
  verb({
    path: 'record-resume',
    access: CALL_CONTROL,
    summary: 'Resume the paused call recording',
    body: Empty,
    act: (call) => call.resumeRecording(),
  }),
  verb({
    path: 'unhold',
    access: CALL_CONTROL,
    summary: 'Take the held leg off hold and bridge it back',
    body: Empty,
    act: (call) => call.unhold(),
  }),
];

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

  for (const v of VERBS) {
    app.post(`/calls/:id/${v.path}`, {
      config: { access: v.access, transaction: false },
      schema: { summary: v.summary, params: IdParams, body: v.body, response: { 204: NoContent } },
    }, async (req, reply) => {
      const call = await callOf(req, req.params.id);
      const details = await run(() => v.act(call, req.body, req));
      if (v.audit) await auditStepIn(req, call.id, v.audit, details ?? {});
      return reply.code(204).send(null);
    });
  }
};

export default callRoutes;
