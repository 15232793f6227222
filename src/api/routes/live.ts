/**
 * /api/v1/live/calls: the calls up right now, from live state (src/events). A tenant admin, a
 * supervisor or an API key (right `live:read`) sees the tenant's; an agent the calls one of whose
 * legs is their SIP user or bound number; the operator admin every tenant's.
 */
import { canSeeCall } from '../../events/viewer.ts';
import { viewerOf } from '../event-viewer.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Timestamp, Type } from '../schema.ts';

const ANYONE: RouteAccess = { roles: ['operator_admin', 'tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const Party = Type.Union([
  Type.Object({ kind: Type.Literal('pstn'), number: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('sip'), username: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
]);
const LegView = Type.Object(
  {
    legId: Type.String({ maxLength: 64 }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    party: Party,
    state: Type.String({ maxLength: 20, description: 'offering, calling, ringing, early_media, answered, held' }),
    since: Timestamp,
    role: Type.Optional(Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')], { description: 'its role while the call is conferenced' })),
  },
  { additionalProperties: false },
);
export const LiveCallView = Type.Object(
  {
    callId: Type.String({ maxLength: 64 }),
    tenantId: Type.String({ maxLength: 64 }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    number400: Type.Optional(Type.String({ maxLength: 40 })),
    callerNumber: Type.String({ maxLength: 64 }),
    state: Type.String({ maxLength: 20, description: 'setup, dialing, voicemail, answered, held, transferring, consulting, conferenced' }),
    createdAt: Timestamp,
    answeredAt: Type.Optional(Timestamp),
    recording: Type.Boolean(),
    legs: Type.Array(LegView),
  },
  { additionalProperties: false },
);

const liveRoutes: RoutePlugin = async (app) => {
  app.get('/live/calls', {
    config: { access: ANYONE },
    schema: { summary: 'Calls up right now, with their legs (docs/events.md)', response: { 200: Type.Object({ calls: Type.Array(LiveCallView) }, { additionalProperties: false }) } },
  }, async (req) => {
    const events = req.server.hotline.events;
    if (!events) throw new ApiError('NOT_FOUND', 'Live state is not available in this process');
    const viewer = await viewerOf(req);
    const calls = await events.live.calls(viewer.tenantId ?? undefined);
    return { calls: calls.filter((c) => canSeeCall(viewer, c.tenantId, c.legs.map((l) => l.party))) };
  });
};

export default liveRoutes;
