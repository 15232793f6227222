/**
 * /api/v1/acd/… — the ACD's configuration (docs/acd.md): queues, skills, queue members (tier,
 * level, weight; the agent's routing profile priority and delay), the tenant's not-ready reasons,
 * and the queues' live figures. A tenant admin manages; a supervisor reads. After a change the
 * engine is given the tenant's configuration again (within the request's transaction, so a refused
 * change leaves it as it was). API keys: `acd:read` / `acd:write`.
 */
import type { FastifyRequest } from 'fastify';
import type { QueueSettings } from '../../acd/acd-model.ts';
import { deleteMembership, listMemberships, putMembership } from '../../acd/membership-store.ts';
import { listNotReadyReasons, setNotReadyReasons } from '../../acd/not-ready-reason-store.ts';
import type { QueueInput } from '../../acd/queue-input.ts';
import { createQueue, deleteQueue, getQueue, listQueues, updateQueue } from '../../acd/queue-store.ts';
import { createSkill, deleteSkill, listSkills } from '../../acd/skill-store.ts';
import { getUser } from '../../users/user-store.ts';
import { AgentStateName, MembershipBody, MembershipView, QueueChange, QueueCreate, QueueView } from '../acd-schemas.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, NoContent, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const EVERYONE: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const SkillView = Type.Object({ id: Id, name: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const ReasonView = Type.Object({ code: Type.String({ maxLength: 32 }), name: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
const MemberParams = Type.Object({ id: Id, userId: Id }, { additionalProperties: false });
const FiguresView = Type.Object(
  {
    queueId: Id,
    name: Type.String({ maxLength: 64 }),
    waiting: Type.Integer(),
    longestWaitSeconds: Type.Integer(),
    agents: Type.Record(AgentStateName, Type.Integer(), { description: 'Member agents per state' }),
  },
  { additionalProperties: false },
);

function queueView(q: QueueSettings) {
  const { tenantId: _t, ...view } = q;
  return view;
}

/** The stored configuration of the caller's tenant goes to the engine (same transaction). */
async function reload(req: FastifyRequest): Promise<void> {
  await req.server.hotline.acd.loader.reloadTenant(tenantIdOf(req), req.db);
}

async function agentOfTenant(req: FastifyRequest, userId: string): Promise<void> {
  const u = await getUser(req.db, tenantIdOf(req), userId);
  if (!u || u.role !== 'agent') throw new ApiError('NOT_FOUND', 'No such agent');
}

const acdQueueRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/acd/queues', {
    config: { access: STAFF },
    schema: { summary: "Your tenant's queues and their settings", response: { 200: Type.Object({ queues: Type.Array(QueueView) }, { additionalProperties: false }) } },
  }, async (req) => ({ queues: (await listQueues(req.db, tenantIdOf(req))).map(queueView) }));

  app.get('/acd/queues/live', {
    config: { access: STAFF },
    schema: { summary: 'Each queue now: calls waiting, the longest wait, member agents by state', response: { 200: Type.Object({ queues: Type.Array(FiguresView) }, { additionalProperties: false }) } },
  }, async (req) => {
    await ctx.acd.loader.ensureTenant(tenantIdOf(req), req.db);
    return { queues: ctx.acd.engine.queueFigures(tenantIdOf(req)) };
  });

  app.post('/acd/queues', {
    config: { access: ADMIN },
    schema: { summary: 'Create a queue (unset settings take the defaults, docs/acd.md)', body: QueueCreate, response: { 201: QueueView } },
  }, async (req, reply) => {
    const q = await createQueue(req.db, tenantIdOf(req), req.body as QueueInput, ctx.now());
    await recordAudit(req, { action: 'acd.queue.create', targetType: 'acd_queue', targetId: q.id, details: { name: q.name } });
    await reload(req);
    return reply.code(201).send(queueView(q));
  });

  app.get('/acd/queues/:id', {
    config: { access: STAFF },
    schema: { summary: 'One queue', params: IdParams, response: { 200: QueueView } },
  }, async (req) => {
    const q = await getQueue(req.db, tenantIdOf(req), req.params.id);
    if (!q) throw new ApiError('NOT_FOUND', 'No such queue');
    return queueView(q);
  });

  app.patch('/acd/queues/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Change a queue’s settings', params: IdParams, body: QueueChange, response: { 200: QueueView } },
  }, async (req) => {
    const q = await updateQueue(req.db, tenantIdOf(req), req.params.id, req.body as Partial<QueueInput>, ctx.now());
    await recordAudit(req, { action: 'acd.queue.update', targetType: 'acd_queue', targetId: q.id, details: req.body });
    await reload(req);
    return queueView(q);
  });

  app.delete('/acd/queues/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Remove a queue and its members (calls waiting in it overflow)', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    if (!(await deleteQueue(req.db, tenantIdOf(req), req.params.id))) throw new ApiError('NOT_FOUND', 'No such queue');
    await recordAudit(req, { action: 'acd.queue.delete', targetType: 'acd_queue', targetId: req.params.id, details: null });
    await reload(req);
    return reply.code(204).send(null);
  });

  app.get('/acd/queues/:id/members', {
    config: { access: STAFF },
    schema: { summary: 'The agents serving a queue', params: IdParams, response: { 200: Type.Object({ members: Type.Array(MembershipView) }, { additionalProperties: false }) } },
  }, async (req) => {
    if (!(await getQueue(req.db, tenantIdOf(req), req.params.id))) throw new ApiError('NOT_FOUND', 'No such queue');
    return { members: await listMemberships(req.db, tenantIdOf(req), { queueId: req.params.id }) };
  });

  app.put('/acd/queues/:id/members/:userId', {
    config: { access: ADMIN },
    schema: { summary: 'Add an agent to a queue or change their membership', params: MemberParams, body: MembershipBody, response: { 200: MembershipView } },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    if (!(await getQueue(req.db, tenantId, req.params.id))) throw new ApiError('NOT_FOUND', 'No such queue');
    await agentOfTenant(req, req.params.userId);
    const m = await putMembership(req.db, tenantId, { ...req.body, queueId: req.params.id, userId: req.params.userId });
    await recordAudit(req, { action: 'acd.member.put', targetType: 'acd_queue', targetId: req.params.id, details: { ...m } });
    await reload(req);
    return m;
  });

  app.delete('/acd/queues/:id/members/:userId', {
    config: { access: ADMIN },
    schema: { summary: 'Take an agent out of a queue', params: MemberParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    if (!(await deleteMembership(req.db, tenantIdOf(req), req.params.id, req.params.userId))) throw new ApiError('NOT_FOUND', 'No such member');
    await recordAudit(req, { action: 'acd.member.delete', targetType: 'acd_queue', targetId: req.params.id, details: { userId: req.params.userId } });
    await reload(req);
    return reply.code(204).send(null);
  });

  app.get('/acd/skills', {
    config: { access: STAFF },
    schema: { summary: "Your tenant's skills", response: { 200: Type.Object({ skills: Type.Array(SkillView) }, { additionalProperties: false }) } },
  }, async (req) => ({ skills: (await listSkills(req.db, tenantIdOf(req))).map((s) => ({ id: s.id, name: s.name })) }));

  app.post('/acd/skills', {
    config: { access: ADMIN },
    schema: { summary: 'Create a skill', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), response: { 201: SkillView } },
  }, async (req, reply) => {
    const s = await createSkill(req.db, tenantIdOf(req), req.body.name, ctx.now());
    await recordAudit(req, { action: 'acd.skill.create', targetType: 'acd_skill', targetId: s.id, details: { name: s.name } });
    return reply.code(201).send({ id: s.id, name: s.name });
  });

  app.delete('/acd/skills/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Remove a skill and every agent’s proficiency in it (refused while a queue routes by it)', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const tenantId = tenantIdOf(req);
    const user = (await listQueues(req.db, tenantId)).find((q) => q.skillId === req.params.id);
    if (!(await deleteSkill(req.db, tenantId, req.params.id, user?.name))) throw new ApiError('NOT_FOUND', 'No such skill');
    await recordAudit(req, { action: 'acd.skill.delete', targetType: 'acd_skill', targetId: req.params.id, details: null });
    await reload(req);
    return reply.code(204).send(null);
  });

  app.get('/acd/not-ready-reasons', {
    config: { access: EVERYONE },
    schema: { summary: 'The reasons an agent may give for not being ready (小休, 会议, 培训 …)', response: { 200: Type.Object({ reasons: Type.Array(ReasonView) }, { additionalProperties: false }) } },
  }, async (req) => ({ reasons: (await listNotReadyReasons(req.db, tenantIdOf(req))).map((r) => ({ code: r.code, name: r.name })) }));

  app.put('/acd/not-ready-reasons', {
    config: { access: ADMIN },
    schema: {
      summary: "Replace your tenant's not-ready reasons",
      body: Type.Object({ reasons: Type.Array(Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ reasons: Type.Array(ReasonView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const reasons = await setNotReadyReasons(req.db, tenantIdOf(req), req.body.reasons);
    await recordAudit(req, { action: 'acd.reasons.set', targetType: 'acd_reasons', targetId: null, details: req.body });
    await reload(req);
    return { reasons: reasons.map((r) => ({ code: r.code, name: r.name })) };
  });
};

export default acdQueueRoutes;
