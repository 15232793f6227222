/**
 * /api/v1/wallboard — the supervisor's wallboard (C17, docs/supervision.md): today's figures per
 * queue with the staffing hint, agents' calls today and the alerts up now, as of a position in the
 * event feed (the page starts from this and follows the `wallboard.*` events; no polling); and the
 * tenant's wallboard settings — service-level target and goal, alert thresholds.
 */
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, Type } from '../schema.ts';
import { getWallboardSettings, putWallboardSettings, type WallboardSettings } from '../../wallboard/wallboard-settings.ts';

const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

const Settings = Type.Object(
  {
    targetSeconds: Type.Integer({ minimum: 1, maximum: 600, description: 'answered within this many seconds counts towards the service level' }),
    serviceLevelGoalPercent: Type.Integer({ minimum: 1, maximum: 99, description: 'the share to answer within the target; the staffing hint aims at it' }),
    longestWaitAlertSeconds: Type.Union([Type.Integer({ minimum: 1, maximum: 3600 }), Type.Null()], { description: 'the longest wait over this turns red and alerts; null: off' }),
    serviceLevelAlertPercent: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], { description: 'the day’s service level under this turns red and alerts; null: off' }),
  },
  { additionalProperties: false },
);
const Staffing = Type.Object(
  {
    arrivals: Type.Integer(),
    windowSeconds: Type.Integer(),
    handleSeconds: Type.Number(),
    erlangs: Type.Number(),
    agentsNeeded: Type.Integer(),
    serviceLevel: Type.Number(),
  },
  { additionalProperties: false },
);
const QueueFigures = Type.Object(
  {
    queueId: Id,
    name: Type.String({ maxLength: 64 }),
    day: Type.String({ maxLength: 10 }),
    offered: Type.Integer(),
    answered: Type.Integer(),
    answeredInTarget: Type.Integer(),
    abandoned: Type.Integer(),
    overflowed: Type.Integer(),
    serviceLevel: Type.Union([Type.Number(), Type.Null()]),
    averageWaitSeconds: Type.Union([Type.Number(), Type.Null()]),
    averageTalkSeconds: Type.Union([Type.Number(), Type.Null()]),
    agentsReady: Type.Integer(),
    agentsLoggedIn: Type.Integer(),
    staffing: Type.Union([Staffing, Type.Null()], { description: 'Erlang C over the last 30 minutes; null when no handled call gives a handle time yet' }),
  },
  { additionalProperties: false },
);
const AgentFigures = Type.Object(
  {
    userId: Id,
    agentId: Type.String({ maxLength: 32 }),
    displayName: Type.String({ maxLength: 128 }),
    queueIds: Type.Array(Id),
    callsToday: Type.Integer(),
    talkSecondsToday: Type.Integer(),
  },
  { additionalProperties: false },
);
const Alert = Type.Object(
  {
    queueId: Id,
    kind: Type.Union([Type.Literal('longest_wait'), Type.Literal('service_level')]),
    value: Type.Number(),
    threshold: Type.Number(),
  },
  { additionalProperties: false },
);
const WallboardView = Type.Object(
  {
    stream: Type.String({ maxLength: 64, description: 'the event feed stream these figures belong to' }),
    seq: Type.Integer({ description: 'the tenant’s last event seq the figures include; wallboard.* events with a greater seq are newer' }),
    day: Type.String({ maxLength: 10 }),
    settings: Settings,
    queues: Type.Array(QueueFigures),
    agents: Type.Array(AgentFigures),
    alerts: Type.Array(Alert),
  },
  { additionalProperties: false },
);

const wallboardRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/wallboard', {
    config: { access: STAFF },
    schema: { summary: 'Today’s queue figures with the staffing hint, agents’ calls today and the alerts up, as of a feed position (docs/supervision.md)', response: { 200: WallboardView } },
  }, async (req) => {
    const wallboard = ctx.wallboard;
    if (!wallboard) throw new ApiError('NOT_FOUND', 'The wallboard is not available in this process');
    const tenantId = tenantIdOf(req);
    await ctx.acd.loader.ensureTenant(tenantId, req.db);
    const view = wallboard.view(tenantId);
    const days = new Map(view.agents.map((a) => [a.userId, a]));
    const agents = ctx.acd.engine.agents(tenantId).map((a) => ({
      userId: a.userId,
      agentId: a.agentId,
      displayName: a.displayName,
      queueIds: a.queueIds,
      callsToday: days.get(a.userId)?.callsToday ?? 0,
      talkSecondsToday: days.get(a.userId)?.talkSecondsToday ?? 0,
    }));
    return { ...view, agents };
  });

  app.get('/wallboard/settings', {
    config: { access: STAFF },
    schema: { summary: 'The wallboard’s service-level target and goal, and its alert thresholds', response: { 200: Settings } },
  }, async (req) => getWallboardSettings(req.db, tenantIdOf(req)));

  app.put('/wallboard/settings', {
    config: { access: STAFF },
    schema: { summary: 'Change the service-level target and goal and the alert thresholds (audited)', body: Settings, response: { 200: Settings } },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const saved = await putWallboardSettings(req.db, tenantId, req.body as WallboardSettings, ctx.now());
    await recordAudit(req, { action: 'wallboard.settings.update', targetType: 'tenant', targetId: tenantId, details: { ...saved } });
    ctx.wallboard?.useSettings(tenantId, saved);
    return saved;
  });
};

export default wallboardRoutes;
