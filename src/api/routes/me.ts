/**
 * /api/v1/me/… — what a signed-in person asks for themselves. The desk's softphone credentials:
 * the stored SIP password is only a hash, so the browser gets a short-lived digest name and
 * password for the user's own SIP account, accepted by the registrar over ws/wss only
 * (src/users/softphone-credentials.ts). The desk's call history: the calls you took or your phone
 * was rung for, with your wrap-up of each (src/desk/agent-calls.ts).
 */
import { agentCalls } from '../../desk/agent-calls.ts';
import { wrapUpsOf } from '../../desk/call-wrap-up.ts';
import { deskIdentityOf } from '../desk-identity.ts';
import { Nullable, WrapUpView, wrapUpView } from '../desk-schemas.ts';
import { tenantIdOf } from '../route-helpers.ts';
import { findUserRowById } from '../../users/user-store.ts';
import { issueSoftphoneCredentials, softphoneSecret } from '../../users/softphone-credentials.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Timestamp, Type } from '../schema.ts';

/** People of a tenant, never an API key: a key is no one's phone. */
const SELF: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true, apiKeyRight: false };

const SoftphoneCredentialsView = Type.Object(
  {
    sipUsername: Type.String({ description: 'The SIP user to register (the address-of-record’s user part)' }),
    authorizationUser: Type.String({ description: 'The digest user name to answer challenges with' }),
    password: Type.String({ description: 'The digest password; valid until `expiresAt`, over ws/wss only' }),
    realm: Type.String(),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);

const MyCallView = Type.Object(
  {
    id: Type.String({ description: 'the call record’s id (and the live call’s, while it is up)' }),
    startedAt: Timestamp,
    answeredAt: Nullable(Timestamp),
    endedAt: Nullable(Timestamp),
    number400: Type.String(),
    callerNumber: Type.String(),
    callerProvince: Nullable(Type.String()),
    callerCity: Nullable(Type.String()),
    outcome: Nullable(Type.String({ description: 'null while the call is up' })),
    talkSeconds: Type.Integer(),
    queueId: Nullable(Type.String()),
    answeredByMe: Type.Boolean({ description: 'you answered it (as the queue’s agent, or your phone was the one that answered)' }),
    wrapUp: Nullable(WrapUpView),
  },
  { additionalProperties: false },
);

const routes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.post('/me/softphone-credentials', {
    config: { access: SELF },
    schema: {
      summary: 'Short-lived SIP credentials for your own SIP user, for the browser desk’s softphone',
      response: { 200: SoftphoneCredentialsView },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const row = await findUserRowById(req.db, p.userId);
    if (!row) throw new ApiError('SESSION_EXPIRED');
    if (row.sip_username === null || row.sip_ha1_md5 === null || row.sip_realm !== ctx.users.sipRealm) {
      throw new ApiError('CONFLICT', 'You have no SIP phone account on this platform; ask your administrator for one');
    }
    const c = issueSoftphoneCredentials(softphoneSecret(ctx.dataDir), row.sip_username, ctx.now());
    return { sipUsername: c.sipUsername, authorizationUser: c.authorizationUser, password: c.password, realm: ctx.users.sipRealm, expiresAt: c.expiresAt.toISOString() };
  });

  app.get('/me/calls', {
    config: { access: SELF },
    schema: {
      summary: 'Your call history (the desk’s): calls you took as a queue’s agent or your phone was rung for, newest first, with your wrap-up of each',
      querystring: Type.Object(
        {
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          before: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'the next page: calls started before this (the last item’s startedAt)' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ calls: Type.Array(MyCallView) }, { additionalProperties: false }) },
    },
  }, async (req) => {
    const me = await deskIdentityOf(req);
    const tenantId = tenantIdOf(req);
    const calls = await agentCalls(req.db, tenantId, me, { limit: req.query.limit ?? 50, ...(req.query.before ? { before: new Date(req.query.before).toISOString() } : {}) });
    const wrapUps = await wrapUpsOf(req.db, tenantId, calls.map((c) => c.id));
    const mine = (callId: string) => wrapUps.get(callId)?.find((w) => w.userId === me.userId);
    return { calls: calls.map((c) => ({ ...c, wrapUp: mine(c.id) ? wrapUpView(mine(c.id)!) : null })) };
  });
};

export default routes;
