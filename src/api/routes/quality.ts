/**
 * /api/v1/quality: quality inspection (C19). Tenant admins, supervisors and QA reviewers keep the
 * scoring forms and sampling rules, queue calls for review, play their recordings and score them,
 * resolve disputes and read the results; an agent reads the reviews of their own calls, plays those
 * recordings, and accepts or disputes the score. Every change and every recording read is audited.
 */
import type { FastifyRequest } from 'fastify';
import { getTenant } from '../../tenants/tenant-store.ts';
import { answeredCall } from '../../quality/call-agent.ts';
import { qaResults } from '../../quality/qa-results.ts';
import { createForm, listForms, updateForm } from '../../quality/qa-form-store.ts';
import { acceptReview, closeReview, disputeReview, getReview, listReviews, queueReview, resolveDispute, scoreReview } from '../../quality/qa-review-store.ts';
import type { QaReview, Reviewer } from '../../quality/qa-review-store.ts';
import { SAMPLING_RULES, createRule, deleteRule, listRules, runSampling, updateRule } from '../../quality/sampling-rules.ts';
import { MAX_EVERY_MINUTES, MIN_EVERY_MINUTES, getSchedule, setSchedule } from '../../quality/sampling-schedule.ts';
import { listQueues } from '../../acd/queue-store.ts';
import { listTenantNumbers } from '../../numbers/number-inventory.ts';
import { listUsers } from '../../users/user-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Limit, NoContent, ShortText, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';
import { sendCallRecording } from '../send-recording.ts';

const REVIEWERS: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'qa_reviewer'], tenantScoped: true, apiKeyRight: 'quality:write' };
const REVIEWERS_READ: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'qa_reviewer'], tenantScoped: true, apiKeyRight: 'quality:read' };
const READERS: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'qa_reviewer', 'agent'], tenantScoped: true, apiKeyRight: 'quality:read' };
const AGENT: RouteAccess = { roles: ['agent'], tenantScoped: true, apiKeyRight: false };

const Status = Type.Union([Type.Literal('pending'), Type.Literal('scored'), Type.Literal('disputed'), Type.Literal('closed')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const ItemId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

const FormItem = Type.Object(
  {
    id: ItemId,
    label: ShortText({ maxLength: 200 }),
    weight: Type.Integer({ minimum: 0, maximum: 100, description: 'full points (fatal items: 0, they gate the score)' }),
    fatal: Type.Boolean({ description: 'failing it makes the score 0' }),
    commentRequired: Type.Boolean({ description: 'a comment is needed whenever the item does not get full points' }),
  },
  { additionalProperties: false },
);
const FormBody = Type.Object({ name: ShortText(), items: Type.Array(FormItem, { minItems: 1, maxItems: 50 }), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const FormView = Type.Object({ id: Type.String(), name: Type.String(), items: Type.Array(FormItem), active: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp }, { additionalProperties: false });

const ScoredItem = Type.Object(
  { id: Type.String(), label: Type.String(), weight: Type.Integer(), fatal: Type.Boolean(), commentRequired: Type.Boolean(), points: Type.Integer(), comment: Nullable(Type.String()) },
  { additionalProperties: false },
);
const ReviewView = Type.Object(
  {
    id: Type.String(),
    callId: Type.String(),
    agentUserId: Nullable(Type.String()),
    answeredBy: Nullable(Type.String({ description: 'who answered, as the call record says' })),
    queue: Type.String({ description: 'the queue the call came through, or its 400 number' }),
    callStartedAt: Timestamp,
    status: Status,
    source: Type.String({ description: 'manual, or the sampling rule kind that queued it' }),
    formId: Nullable(Type.String()),
    items: Nullable(Type.Array(ScoredItem)),
    score: Nullable(Type.Integer({ description: '0-100; 0 when a fatal item failed' })),
    fatal: Type.Boolean(),
    comment: Nullable(Type.String()),
    reviewerName: Nullable(Type.String()),
    scoredAt: Nullable(Timestamp),
    disputeReason: Nullable(Type.String()),
    disputedAt: Nullable(Timestamp),
    resolution: Nullable(Type.String()),
    closedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    recordingUrl: Type.String(),
  },
  { additionalProperties: false },
);
const Answers = Type.Array(
  Type.Object({ itemId: ItemId, points: Type.Integer({ minimum: 0, maximum: 100 }), comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
  { maxItems: 50 },
);
const Period = { from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) };
const ResultFigures = { reviews: Type.Integer(), averageScore: Nullable(Type.Number()), fatal: Type.Integer(), disputed: Type.Integer() };
const RuleParams = Type.Record(Type.String({ maxLength: 40 }), Type.Number(), { maxProperties: 10 });
const RuleScope = {
  queue: Nullable(Type.String({ maxLength: 64, description: 'only calls of this ACD queue (id) or 400 number; null: every group' })),
  agentUserId: Nullable(Type.String({ maxLength: 64, description: 'only calls this agent answered; null: every agent' })),
};
const RuleView = Type.Object({ id: Type.String(), kind: Type.String(), params: RuleParams, enabled: Type.Boolean(), ...RuleScope, createdAt: Timestamp }, { additionalProperties: false });
const RuleBody = Type.Object(
  { kind: Type.String({ maxLength: 40 }), params: RuleParams, enabled: Type.Optional(Type.Boolean()), queue: Type.Optional(RuleScope.queue), agentUserId: Type.Optional(RuleScope.agentUserId) },
  { additionalProperties: false },
);
const ScheduleView = Type.Object(
  {
    enabled: Type.Boolean({ description: 'the rules run by themselves' }),
    everyMinutes: Type.Integer({ minimum: MIN_EVERY_MINUTES, maximum: MAX_EVERY_MINUTES }),
    lastRunAt: Nullable(Timestamp),
    nextRunAt: Nullable(Timestamp),
  },
  { additionalProperties: false },
);

const view = (r: QaReview): Static<typeof ReviewView> => ({ ...r, recordingUrl: `/api/v1/quality/reviews/${r.id}/recording` });

/** An agent sees only their own reviews: the filter every read and their own actions use. */
function ownerFilter(req: FastifyRequest): string | undefined {
  const p = principalOf(req);
  return p.kind === 'user' && p.role === 'agent' ? p.userId : undefined;
}

function reviewerOf(req: FastifyRequest): Reviewer {
  const p = principalOf(req);
  return p.kind === 'user' ? { id: p.userId, name: p.username } : { id: p.keyId, name: `key:${p.name}` };
}

function period(q: { from?: string; to?: string }, now: Date, defaultDays: number): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultDays * 86_400_000);
  if (!(from < to) || to.getTime() - from.getTime() > 400 * 86_400_000) throw new ApiError('BAD_REQUEST', 'from must be before to, at most 400 days apart');
  return { from, to };
}

const qualityRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();

  app.get('/quality/forms', { config: { access: READERS }, schema: { summary: "The tenant's scoring forms", response: { 200: Type.Object({ items: Type.Array(FormView) }, { additionalProperties: false }) } } }, async (req) => ({
    items: await listForms(req.db, tenantIdOf(req)),
  }));

  app.post('/quality/forms', { config: { access: REVIEWERS }, schema: { summary: 'A new scoring form: items with weights, fatal items, required comments', body: FormBody, response: { 201: FormView } } }, async (req, reply) => {
    const form = await createForm(req.db, tenantIdOf(req), req.body, principalOf(req).kind === 'user' ? reviewerOf(req).id : 'api-key', now());
    await recordAudit(req, { action: 'qa_form.create', targetType: 'qa_form', targetId: form.id, details: { name: form.name, items: form.items.length } });
    return reply.code(201).send(form);
  });

  app.put('/quality/forms/:id', { config: { access: REVIEWERS }, schema: { summary: 'Change a scoring form (reviews already scored keep what they were scored against)', params: IdParams, body: FormBody, response: { 200: FormView } } }, async (req) => {
    const form = await updateForm(req.db, tenantIdOf(req), req.params.id, req.body, now());
    await recordAudit(req, { action: 'qa_form.update', targetType: 'qa_form', targetId: form.id, details: { name: form.name, items: form.items.length, active: form.active } });
    return form;
  });

  app.get('/quality/reviews', {
    config: { access: READERS },
    schema: {
      summary: 'Reviews, newest calls first (an agent: their own)',
      querystring: Type.Object({ status: Type.Optional(Status), ...Period, limit: Type.Optional(Limit) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ReviewView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const agent = ownerFilter(req);
    const items = await listReviews(req.db, tenantIdOf(req), {
      limit: req.query.limit ?? 100,
      ...(req.query.status ? { status: req.query.status } : {}),
      ...(agent !== undefined ? { agentUserId: agent } : {}),
      ...(req.query.from ? { from: new Date(req.query.from) } : {}),
      ...(req.query.to ? { to: new Date(req.query.to) } : {}),
    });
    return { items: items.map(view) };
  });

  app.post('/quality/reviews', {
    config: { access: REVIEWERS },
    schema: { summary: 'Queue an answered, recorded call for review', body: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), response: { 201: ReviewView } },
  }, async (req, reply) => {
    const review = (await queueReview(req.db, tenantIdOf(req), req.body.callId, 'manual', now()))!;
    await recordAudit(req, { action: 'qa_review.create', targetType: 'qa_review', targetId: review.id, details: { callId: review.callId } });
    return reply.code(201).send(view(review));
  });

  app.get('/quality/reviews/:id', { config: { access: READERS }, schema: { summary: 'One review (an agent: only their own)', params: IdParams, response: { 200: ReviewView } } }, async (req) =>
    view(await getReview(req.db, tenantIdOf(req), req.params.id, ownerFilter(req))),
  );

  app.get('/quality/reviews/:id/recording', {
    config: { access: READERS },
    schema: {
      summary: "The reviewed call's stereo recording (caller left, agent right), WAV or MP3, with Range for seeking; every read is audited per user",
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('wav'), Type.Literal('mp3')])) }, { additionalProperties: false }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 206: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
    },
  }, async (req, reply) => {
    const tenantId = tenantIdOf(req);
    const review = await getReview(req.db, tenantId, req.params.id, ownerFilter(req));
    await sendCallRecording(req, reply, await answeredCall(req.db, tenantId, review.callId), req.query.format ?? 'wav', { via: 'qa_review', reviewId: review.id });
    return reply;
  });

  app.post('/quality/reviews/:id/score', {
    config: { access: REVIEWERS },
    schema: { summary: 'Score a review against a form (again, until the agent answers)', params: IdParams, body: Type.Object({ formId: Type.String({ minLength: 1, maxLength: 64 }), answers: Answers, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), response: { 200: ReviewView } },
  }, async (req) => {
    const review = await scoreReview(req.db, tenantIdOf(req), req.params.id, req.body, reviewerOf(req), now());
    await recordAudit(req, { action: 'qa_review.score', targetType: 'qa_review', targetId: review.id, details: { score: review.score, fatal: review.fatal } });
    return view(review);
  });

  app.post('/quality/reviews/:id/dispute', {
    config: { access: AGENT },
    schema: { summary: 'The agent disputes their score, saying why', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }), response: { 200: ReviewView } },
  }, async (req) => {
    const review = await disputeReview(req.db, tenantIdOf(req), req.params.id, principalOf(req).kind === 'user' ? reviewerOf(req).id : '', req.body.reason, now());
    await recordAudit(req, { action: 'qa_review.dispute', targetType: 'qa_review', targetId: review.id });
    return view(review);
  });

  app.post('/quality/reviews/:id/accept', { config: { access: AGENT }, schema: { summary: 'The agent accepts their score (the review closes)', params: IdParams, response: { 200: ReviewView } } }, async (req) => {
    const review = await acceptReview(req.db, tenantIdOf(req), req.params.id, reviewerOf(req).id, now());
    await recordAudit(req, { action: 'qa_review.accept', targetType: 'qa_review', targetId: review.id });
    return view(review);
  });

  app.post('/quality/reviews/:id/resolve', {
    config: { access: REVIEWERS },
    schema: { summary: 'Resolve a dispute (with new answers to change the score); the review closes', params: IdParams, body: Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 2000 }), answers: Type.Optional(Answers) }, { additionalProperties: false }), response: { 200: ReviewView } },
  }, async (req) => {
    const review = await resolveDispute(req.db, tenantIdOf(req), req.params.id, req.body, reviewerOf(req), now());
    await recordAudit(req, { action: 'qa_review.resolve', targetType: 'qa_review', targetId: review.id, details: { score: review.score } });
    return view(review);
  });

  app.post('/quality/reviews/:id/close', { config: { access: REVIEWERS }, schema: { summary: 'Close a pending or scored review (its recording is then subject to retention again)', params: IdParams, response: { 200: ReviewView } } }, async (req) => {
    const review = await closeReview(req.db, tenantIdOf(req), req.params.id, now());
    await recordAudit(req, { action: 'qa_review.close', targetType: 'qa_review', targetId: review.id });
    return view(review);
  });

  app.get('/quality/results', {
    config: { access: REVIEWERS_READ },
    schema: {
      summary: 'Average score, reviews, fatal errors and disputes per agent, per group (queue) and per day (tenant zone)',
      querystring: Type.Object(Period, { additionalProperties: false }),
      response: {
        200: Type.Object(
          {
            total: Type.Object(ResultFigures, { additionalProperties: false }),
            agents: Type.Array(Type.Object({ agentUserId: Nullable(Type.String()), answeredBy: Nullable(Type.String()), name: Nullable(Type.String()), ...ResultFigures }, { additionalProperties: false })),
            groups: Type.Array(Type.Object({ group: Type.String(), ...ResultFigures }, { additionalProperties: false })),
            days: Type.Array(Type.Object({ date: Type.String(), ...ResultFigures }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const { from, to } = period(req.query, now(), 30);
    return qaResults(req.db, tenantId, from, to, (await getTenant(req.db, tenantId))?.timeZone ?? 'Asia/Shanghai');
  });

  app.get('/quality/sampling-rules', { config: { access: REVIEWERS_READ }, schema: { summary: 'The rules that queue calls for review', response: { 200: Type.Object({ items: Type.Array(RuleView) }, { additionalProperties: false }) } } }, async (req) => ({
    items: await listRules(req.db, tenantIdOf(req)),
  }));

  app.post('/quality/sampling-rules', {
    config: { access: REVIEWERS },
    schema: {
      summary: `A sampling rule, optionally for one queue (or 400 number) and/or one agent: ${Object.entries(SAMPLING_RULES).map(([k, r]) => `${k} (${Object.keys(r.params).join(', ')})`).join('; ')}`,
      body: RuleBody,
      response: { 201: RuleView },
    },
  }, async (req, reply) => {
    const rule = await createRule(req.db, tenantIdOf(req), req.body, reviewerOf(req).id, now());
    await recordAudit(req, { action: 'qa_sampling_rule.create', targetType: 'qa_sampling_rule', targetId: rule.id, details: { kind: rule.kind, params: rule.params, queue: rule.queue, agentUserId: rule.agentUserId } });
    return reply.code(201).send(rule);
  });

  app.put('/quality/sampling-rules/:id', {
    config: { access: REVIEWERS },
    schema: { summary: 'Change a sampling rule or switch it off (calls it queued stay queued)', params: IdParams, body: RuleBody, response: { 200: RuleView } },
  }, async (req) => {
    const rule = await updateRule(req.db, tenantIdOf(req), req.params.id, req.body);
    await recordAudit(req, { action: 'qa_sampling_rule.update', targetType: 'qa_sampling_rule', targetId: rule.id, details: { kind: rule.kind, params: rule.params, enabled: rule.enabled, queue: rule.queue, agentUserId: rule.agentUserId } });
    return rule;
  });

  app.get('/quality/sampling/schedule', { config: { access: REVIEWERS_READ }, schema: { summary: 'How often the sampling rules run by themselves, when they last ran and run next', response: { 200: ScheduleView } } }, async (req) =>
    getSchedule(req.db, tenantIdOf(req), now()),
  );

  app.put('/quality/sampling/schedule', {
    config: { access: REVIEWERS },
    schema: { summary: 'Switch the scheduled sampling on or off, and how often it runs', body: Type.Object({ enabled: Type.Boolean(), everyMinutes: Type.Integer({ minimum: MIN_EVERY_MINUTES, maximum: MAX_EVERY_MINUTES }) }, { additionalProperties: false }), response: { 200: ScheduleView } },
  }, async (req) => {
    const schedule = await setSchedule(req.db, tenantIdOf(req), req.body, now());
    await recordAudit(req, { action: 'qa_sampling_schedule.update', targetType: 'qa_sampling_schedule', details: { enabled: schedule.enabled, everyMinutes: schedule.everyMinutes } });
    return schedule;
  });

  app.get('/quality/scopes', {
    config: { access: REVIEWERS_READ },
    schema: {
      summary: "What a sampling rule can be scoped to: the tenant's ACD queues, 400 numbers and agents",
      response: {
        200: Type.Object(
          {
            queues: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false })),
            numbers: Type.Array(Type.String()),
            agents: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), username: Type.String() }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const [queues, numbers, agents] = await Promise.all([listQueues(req.db, tenantId), listTenantNumbers(req.db, tenantId), listUsers(req.db, tenantId, { role: 'agent', limit: 1000 })]);
    return {
      queues: queues.map((q) => ({ id: q.id, name: q.name })),
      numbers: numbers.map((n) => n.number),
      agents: agents.map((u) => ({ id: u.id, name: u.displayName, username: u.username })),
    };
  });

  app.delete('/quality/sampling-rules/:id', { config: { access: REVIEWERS }, schema: { summary: 'Remove a sampling rule', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await deleteRule(req.db, tenantIdOf(req), req.params.id);
    await recordAudit(req, { action: 'qa_sampling_rule.delete', targetType: 'qa_sampling_rule', targetId: req.params.id });
    return reply.code(204).send(null);
  });

  app.post('/quality/sampling/run', {
    config: { access: REVIEWERS },
    schema: {
      summary: 'Run the enabled sampling rules now over the answered, recorded calls that ended in the period (default the last 24 hours); calls already under review are skipped',
      body: Type.Object(Period, { additionalProperties: false }),
      response: { 200: Type.Object({ rules: Type.Array(Type.Object({ ruleId: Type.String(), kind: Type.String(), queued: Type.Integer() }, { additionalProperties: false })) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const { from, to } = period(req.body, now(), 1);
    const rules = await runSampling(req.db, tenantIdOf(req), from, to, now());
    await recordAudit(req, { action: 'qa_sampling.run', targetType: 'qa_sampling_rule', details: { from: from.toISOString(), to: to.toISOString(), queued: rules.reduce((n, r) => n + r.queued, 0) } });
    return { rules };
  });
};

export default qualityRoutes;
