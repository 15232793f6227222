/**
 * /api/v1/desk/… — the agent desk's server side (issue 14, docs/api.md "The agent desk"): the
 * screen pop of an offer (C14) — an agent reads only offers made to them, a supervisor or tenant
 * admin any offer of their tenant — and the tenant's wrap-up codes (tenant admins keep the list,
 * everyone reads it). API keys: `desk:read` / `desk:write`.
 */
import { screenPop } from '../../desk/screen-pop.ts';
import { getDeskSettings, putDeskSettings } from '../../desk/desk-settings.ts';
import { agentTransferTargets, queueTransferTargets } from '../../desk/transfer-targets.ts';
import { listAgentProfiles, putAgentProfile } from '../../acd/agent-profile-store.ts';
import { getUser } from '../../users/user-store.ts';
import { AgentPhone } from '../acd-schemas.ts';
import { WRAP_UP_CODE_PATTERN, createWrapUpCode, deleteWrapUpCode, listWrapUpCodes, updateWrapUpCode } from '../../desk/wrap-up-codes.ts';
import type { FastifyRequest } from 'fastify';
import { Nullable } from '../desk-schemas.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Timestamp, Type } from '../schema.ts';

const EVERYONE: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };
const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
/** A person's own desk: never an API key. */
const OWN_DESK: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true, apiKeyRight: false };

const DeskSettingsView = Type.Object(
  {
    autoAnswer: Type.Boolean({ description: 'the desk answers an offer by itself (the page does; the platform only keeps the choice)' }),
    phone: Type.Union([AgentPhone, Type.Null()], { description: 'the phone the ACD offers your calls to (C15): this browser, your registered SIP phone, or your mobile through the trunk (按1 to take the call); null when you are not an agent with a phone' }),
  },
  { additionalProperties: false },
);
const TransferTargetView = Type.Object(
  {
    userId: Type.String(),
    agentId: Type.String({ description: '工号' }),
    displayName: Type.String(),
    state: Type.String({ description: 'the agent’s ACD state (ready: free)' }),
    reason: Type.Union([Type.String(), Type.Null()]),
    phoneKind: Type.Union([Type.Literal('sip'), Type.Literal('browser'), Type.Literal('mobile')]),
    to: Type.String({ description: 'pass as `to` to POST /calls/{id}/transfer (or consult, conference): their current phone' }),
  },
  { additionalProperties: false },
);

const QueueTransferTargetView = Type.Object(
  {
    queueId: Type.String({ description: 'pass as `queue` to POST /calls/{id}/transfer: the caller waits there for its agents' }),
    name: Type.String(),
    waiting: Type.Integer({ description: 'callers waiting there now' }),
    readyAgents: Type.Integer({ description: 'its member agents ready now' }),
  },
  { additionalProperties: false },
);

export const WrapUpCodeView = Type.Object(
  {
    id: Type.String(),
    code: Type.String({ description: 'what a wrap-up names (1–32 of A–Z, a–z, 0–9, _ and -)' }),
    label: Type.String({ description: 'what the agent sees, e.g. 咨询' }),
    enabled: Type.Boolean(),
    position: Type.Integer({ description: 'order in the list (then by code)' }),
  },
  { additionalProperties: false },
);
const WrapUpCodeCreate = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: WRAP_UP_CODE_PATTERN }),
    label: Type.String({ minLength: 1, maxLength: 64 }),
    enabled: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
const WrapUpCodePatch = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    enabled: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

const PastContactView = Type.Object(
  {
    callId: Type.String(),
    startedAt: Timestamp,
    number400: Type.String(),
    outcome: Nullable(Type.String()),
    talkSeconds: Type.Integer(),
    queueId: Nullable(Type.String()),
    agentId: Nullable(Type.String({ description: 'the agent (工号) who answered, when a queue’s agent did' })),
    agentUserId: Nullable(Type.String()),
    agentName: Nullable(Type.String()),
    answeringNumber: Nullable(Type.String({ description: 'who answered as the record keeps it (SIP user or national number)' })),
  },
  { additionalProperties: false },
);

export const ScreenPopView = Type.Object(
  {
    token: Type.String(),
    callId: Type.String(),
    offeredAt: Timestamp,
    ringSeconds: Type.Integer({ description: 'the agent’s phone rings this long' }),
    answerBy: Timestamp,
    waitedSeconds: Type.Number({ description: 'time the caller had waited in queue(s) when offered' }),
    queue: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
    number400: Type.String({ description: 'the 400 number the caller dialled' }),
    caller: Type.Object(
      { number: Type.String(), kind: Type.String(), areaCode: Nullable(Type.String()), province: Nullable(Type.String()), city: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
    ivr: Nullable(Type.Object({ steps: Type.Array(Type.String(), { description: 'welcome, password, menu — the flow steps passed' }), keys: Type.Array(Type.String(), { description: 'menu keys pressed (never a password)' }) }, { additionalProperties: false })),
    servedBefore: Nullable(PastContactView),
    lastContacts: Type.Array(PastContactView),
  },
  { additionalProperties: false },
);

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });

const deskRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/desk/offers/:token', {
    config: { access: EVERYONE },
    schema: {
      summary: 'The screen pop of an offer (C14): caller, region, 400 number, queue, IVR keys, wait, served before by whom, last contacts — an agent: only their own offers',
      params: TokenParams,
      response: { 200: ScreenPopView },
    },
  }, async (req) => {
    const book = ctx.desk?.book;
    if (!book) throw new ApiError('NOT_FOUND', 'The desk is not available in this process');
    const p = principalOf(req);
    const tenantId = tenantIdOf(req);
    const offer = p.kind === 'user' && p.role === 'agent' ? book.offerFor(tenantId, p.userId, req.params.token) : book.offer(tenantId, req.params.token);
    if (!offer) throw new ApiError('NOT_FOUND', 'No such offer (it is not yours, or its call has ended)');
    const pop = await screenPop(req.db, offer, { ivr: book.ivrOf(offer.callId), queue: ctx.acd.engine.queueSettings(tenantId, offer.queueId) });
    if (!pop) throw new ApiError('NOT_FOUND', 'No such offer (its call record is gone)');
    return pop;
  });

  app.get('/desk/settings', {
    config: { access: OWN_DESK },
    schema: { summary: 'Your desk settings: auto-answer, and the phone the ACD offers your calls to', response: { 200: DeskSettingsView } },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    return deskSettingsOf(req.db, tenantIdOf(req), p.userId);
  });

  app.put('/desk/settings', {
    config: { access: OWN_DESK },
    schema: {
      summary: 'Change your desk settings: auto-answer, and (agents) the phone calls are offered to — `{ kind: browser|sip, username }` is your own SIP user, `{ kind: mobile, number }` your mobile through the trunk',
      body: Type.Object({ autoAnswer: Type.Optional(Type.Boolean()), phone: Type.Optional(AgentPhone) }, { additionalProperties: false }),
      response: { 200: DeskSettingsView },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const tenantId = tenantIdOf(req);
    if (req.body.phone) {
      const u = await getUser(req.db, tenantId, p.userId);
      if (!u || u.role !== 'agent') throw new ApiError('CONFLICT', 'Only an agent chooses the phone calls are offered to');
      const phone = req.body.phone;
      // A SIP or browser phone must be your own SIP user: no ringing someone else's phone.
      if (phone.kind !== 'mobile' && phone.username !== u.sipUsername) throw new ApiError('UNPROCESSABLE', 'phone.username: your own SIP user name');
      // The regions the agent serves stay as they are: only the phone changes here.
      const regions = (await listAgentProfiles(req.db, tenantId)).find((a) => a.userId === p.userId)?.regions ?? [];
      await putAgentProfile(req.db, tenantId, { userId: p.userId, phone, regions }, ctx.now());
      await recordAudit(req, { action: 'acd.agent.profile', targetType: 'user', targetId: p.userId, details: { phone } });
      await ctx.acd.loader.reloadTenant(tenantId, req.db);
    }
    if (req.body.autoAnswer !== undefined) await putDeskSettings(req.db, tenantId, p.userId, { autoAnswer: req.body.autoAnswer }, ctx.now());
    return deskSettingsOf(req.db, tenantId, p.userId);
  });

  app.get('/desk/transfer-targets', {
    config: { access: EVERYONE },
    schema: {
      summary: 'Whom to transfer to: the tenant’s other logged-in agents with their state and `to` (their current phone), and its queues with `queueId`, for POST /calls/{id}/transfer',
      response: { 200: Type.Object({ agents: Type.Array(TransferTargetView), queues: Type.Array(QueueTransferTargetView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    await ctx.acd.loader.ensureTenant(tenantId, req.db);
    const p = principalOf(req);
    return { agents: agentTransferTargets(ctx.acd.engine.agents(tenantId), p.kind === 'user' ? p.userId : undefined), queues: queueTransferTargets(ctx.acd.engine.queueFigures(tenantId)) };
  });

  /** Auto-answer, and the phone the ACD has for you (null: not an agent with a phone). */
  async function deskSettingsOf(db: FastifyRequest['db'], tenantId: string, userId: string) {
    await ctx.acd.loader.ensureTenant(tenantId, db);
    return { ...(await getDeskSettings(db, tenantId, userId)), phone: ctx.acd.engine.agent(tenantId, userId)?.phone ?? null };
  }

  app.get('/desk/wrap-up-codes', {
    config: { access: EVERYONE },
    schema: {
      summary: 'The tenant’s wrap-up codes in list order — agents see the enabled ones, tenant admins and supervisors all',
      response: { 200: Type.Object({ codes: Type.Array(WrapUpCodeView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    return { codes: await listWrapUpCodes(req.db, tenantIdOf(req), { enabledOnly: p.kind === 'user' && p.role === 'agent' }) };
  });

  app.post('/desk/wrap-up-codes', {
    config: { access: ADMIN },
    schema: { summary: 'Add a wrap-up code', body: WrapUpCodeCreate, response: { 201: WrapUpCodeView } },
  }, async (req, reply) => {
    const c = await createWrapUpCode(req.db, tenantIdOf(req), req.body, ctx.now());
    await recordAudit(req, { action: 'desk.wrap_up_code.create', targetType: 'wrap_up_code', targetId: c.id, details: { code: c.code, label: c.label } });
    return reply.code(201).send(c);
  });

  app.patch('/desk/wrap-up-codes/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Rename, enable or disable, or move a wrap-up code (wrap-ups already saved keep their label)', params: IdParams, body: WrapUpCodePatch, response: { 200: WrapUpCodeView } },
  }, async (req) => {
    const c = await updateWrapUpCode(req.db, tenantIdOf(req), req.params.id, req.body, ctx.now());
    await recordAudit(req, { action: 'desk.wrap_up_code.update', targetType: 'wrap_up_code', targetId: c.id, details: req.body });
    return c;
  });

  app.delete('/desk/wrap-up-codes/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Remove a wrap-up code (wrap-ups already saved keep it)', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    await deleteWrapUpCode(req.db, tenantIdOf(req), req.params.id);
    await recordAudit(req, { action: 'desk.wrap_up_code.delete', targetType: 'wrap_up_code', targetId: req.params.id });
    return reply.code(204).send(null);
  });
};

export default deskRoutes;
