/**
 * /api/v1/acd/agents/… — agents in the ACD (docs/acd.md): their state (log in, ready, not ready,
 * log out — by the agent for themselves, forced by a supervisor or tenant admin for anyone), their
 * state log, skills (tenant admin) and chosen phone and regions (tenant admin, or the agent for
 * themselves). `:id` is the agent's user id, or `me`. API keys: `acd:read` / `acd:write`.
 */
import type { FastifyRequest } from 'fastify';
import type { AgentSnapshot } from '../../acd/acd-engine.ts';
import { putAgentProfile } from '../../acd/agent-profile-store.ts';
import { listAgentTransitions } from '../../acd/agent-transition-log.ts';
import { setAgentSkills, listAgentSkills } from '../../acd/skill-store.ts';
import { getUser } from '../../users/user-store.ts';
import { AgentPhone, AgentStateName, AgentView } from '../acd-schemas.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, Timestamp, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const EVERYONE: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const AgentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The agent’s user id, or `me`' }) }, { additionalProperties: false });
const TransitionView = Type.Object(
  {
    previous: AgentStateName,
    state: AgentStateName,
    reason: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    cause: Type.String({ maxLength: 32 }),
    callId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    queueId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    at: Timestamp,
  },
  { additionalProperties: false },
);

function agentView(a: AgentSnapshot) {
  return {
    id: a.userId,
    agentId: a.agentId,
    displayName: a.displayName,
    phone: a.phone,
    status: a.status,
    since: a.since.toISOString(),
    missedOffers: a.missedOffers,
    callsAnswered: a.callsAnswered,
    talkTimeSeconds: Math.round(a.talkTimeMs / 1000),
    queueIds: a.queueIds,
    wrapUpEndsAt: a.wrapUpEndsAt?.toISOString() ?? null,
  };
}

/** The agent the path names; an agent may name only themselves. */
function targetOf(req: FastifyRequest, id: string): { userId: string; self: boolean } {
  const p = principalOf(req);
  const own = p.kind === 'user' ? p.userId : undefined;
  const userId = id === 'me' ? own : id;
  if (userId === undefined) throw new ApiError('NOT_FOUND', 'An API key is nobody: name the agent');
  const self = userId === own;
  if (p.kind === 'user' && p.role === 'agent' && !self) throw new ApiError('NOT_FOUND', 'No such agent');
  return { userId, self };
}

async function agentInEngine(req: FastifyRequest, userId: string): Promise<AgentSnapshot> {
  const { engine, loader } = req.server.hotline.acd;
  const tenantId = tenantIdOf(req);
  await loader.ensureTenant(tenantId, req.db);
  const a = engine.agent(tenantId, userId);
  if (a) return a;
  const u = await getUser(req.db, tenantId, userId);
  if (u && u.role === 'agent') throw new ApiError('CONFLICT', 'This agent has no phone: give them a SIP user or a bound number, or choose one (PUT /acd/agents/{id}/profile)');
  throw new ApiError('NOT_FOUND', 'No such agent');
}

const acdAgentRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/acd/agents', {
    config: { access: STAFF },
    schema: { summary: 'Every agent with their ACD state', response: { 200: Type.Object({ agents: Type.Array(AgentView) }, { additionalProperties: false }) } },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    await ctx.acd.loader.ensureTenant(tenantId, req.db);
    return { agents: ctx.acd.engine.agents(tenantId).map(agentView).sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0)) };
  });

  app.get('/acd/agents/:id', {
    config: { access: EVERYONE },
    schema: { summary: 'One agent’s ACD state (an agent: only `me`)', params: AgentParams, response: { 200: AgentView } },
  }, async (req) => agentView(await agentInEngine(req, targetOf(req, req.params.id).userId)));

  app.post('/acd/agents/:id/state', {
    config: { access: EVERYONE },
    schema: {
      summary: 'Log in, ready, not ready (with a reason), log out — the agent for themselves; a supervisor or tenant admin forces it for anyone',
      params: AgentParams,
      body: Type.Object(
        {
          action: Type.Enum(['log_in', 'ready', 'not_ready', 'log_out'] as const),
          reason: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'A not-ready reason code (not_ready; log_in straight into not ready)' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: AgentView },
    },
  }, async (req) => {
    const { userId, self } = targetOf(req, req.params.id);
    await agentInEngine(req, userId);
    const actor = self ? 'agent' : 'supervisor';
    const tenantId = tenantIdOf(req);
    const e = ctx.acd.engine;
    const { action, reason } = req.body;
    let a: AgentSnapshot;
    if (action === 'log_in') a = e.logIn(tenantId, userId, actor, reason);
    else if (action === 'ready') a = e.setReady(tenantId, userId, actor);
    else if (action === 'not_ready') {
      if (reason === undefined) throw new ApiError('UNPROCESSABLE', 'reason: say why (a not-ready reason code)');
      a = e.setNotReady(tenantId, userId, reason, actor);
    } else a = e.logOut(tenantId, userId, actor);
    if (actor === 'supervisor') await recordAudit(req, { action: 'acd.agent.force', targetType: 'user', targetId: userId, details: { action, reason: reason ?? null } });
    return agentView(a);
  });

  app.get('/acd/agents/:id/transitions', {
    config: { access: EVERYONE },
    schema: {
      summary: 'The agent’s state log, oldest first: every change with its cause and time',
      params: AgentParams,
      querystring: Type.Object({ from: Type.Optional(Timestamp), to: Type.Optional(Timestamp), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ transitions: Type.Array(TransitionView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const { userId } = targetOf(req, req.params.id);
    const u = await getUser(req.db, tenantIdOf(req), userId);
    if (!u || u.role !== 'agent') throw new ApiError('NOT_FOUND', 'No such agent');
    const rows = await listAgentTransitions(req.db, tenantIdOf(req), userId, { ...req.query });
    return { transitions: rows.map((t) => ({ previous: t.previous, state: t.state, reason: t.reason, cause: t.cause, callId: t.callId, queueId: t.queueId, at: t.at })) };
  });

  app.get('/acd/agents/:id/skills', {
    config: { access: EVERYONE },
    schema: { summary: 'The agent’s skills and proficiency (1–5)', params: AgentParams, response: { 200: Type.Object({ skills: Type.Array(Type.Object({ skillId: Id, proficiency: Type.Integer() }, { additionalProperties: false })) }, { additionalProperties: false }) } },
  }, async (req) => {
    const { userId } = targetOf(req, req.params.id);
    const u = await getUser(req.db, tenantIdOf(req), userId);
    if (!u || u.role !== 'agent') throw new ApiError('NOT_FOUND', 'No such agent');
    return { skills: (await listAgentSkills(req.db, tenantIdOf(req), userId)).map((s) => ({ skillId: s.skillId, proficiency: s.proficiency })) };
  });

  app.put('/acd/agents/:id/skills', {
    config: { access: ADMIN },
    schema: {
      summary: 'Replace the agent’s skills',
      params: AgentParams,
      body: Type.Object({ skills: Type.Array(Type.Object({ skillId: Id, proficiency: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }), { maxItems: 100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ skills: Type.Array(Type.Object({ skillId: Id, proficiency: Type.Integer() }, { additionalProperties: false })) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const u = await getUser(req.db, tenantId, req.params.id);
    if (!u || u.role !== 'agent') throw new ApiError('NOT_FOUND', 'No such agent');
    await setAgentSkills(req.db, tenantId, u.id, req.body.skills);
    await recordAudit(req, { action: 'acd.agent.skills', targetType: 'user', targetId: u.id, details: req.body });
    await ctx.acd.loader.reloadTenant(tenantId, req.db);
    return { skills: req.body.skills };
  });

  app.put('/acd/agents/:id/profile', {
    config: { access: { roles: ['tenant_admin', 'agent'], tenantScoped: true } },
    schema: {
      summary: 'Choose the phone the agent takes calls on (a SIP phone, the browser, or their mobile through the trunk) and the regions they serve',
      params: AgentParams,
      body: Type.Object({ phone: AgentPhone, regions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 40 })) }, { additionalProperties: false }),
      response: { 200: AgentView },
    },
  }, async (req) => {
    const { userId } = targetOf(req, req.params.id);
    const tenantId = tenantIdOf(req);
    const u = await getUser(req.db, tenantId, userId);
    if (!u || u.role !== 'agent') throw new ApiError('NOT_FOUND', 'No such agent');
    const phone = req.body.phone;
    // A SIP or browser phone must be the agent's own SIP user: no ringing someone else's phone.
    if (phone.kind !== 'mobile' && phone.username !== u.sipUsername) throw new ApiError('UNPROCESSABLE', 'phone.username: the agent’s own SIP user name');
    await putAgentProfile(req.db, tenantId, { userId, phone, regions: req.body.regions ?? [] }, ctx.now());
    await recordAudit(req, { action: 'acd.agent.profile', targetType: 'user', targetId: userId, details: req.body });
    await ctx.acd.loader.reloadTenant(tenantId, req.db);
    return agentView(await agentInEngine(req, userId));
  });
};

export default acdAgentRoutes;
