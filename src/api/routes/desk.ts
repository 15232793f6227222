/**
 * /api/v1/desk/… — the agent desk's server side (issue 14, docs/api.md "The agent desk"): the
 * screen pop of an offer (C14). An agent reads only offers made to them; a supervisor or tenant
 * admin any offer of their tenant. API keys: `desk:read`.
 */
import { screenPop } from '../../desk/screen-pop.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Timestamp, Type } from '../schema.ts';

const EVERYONE: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

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
};

export default deskRoutes;
