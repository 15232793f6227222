/**
 * GET /api/v1/events: the event feed over WebSocket (docs/events.md). Authenticated like every
 * route — the session cookie or `Authorization: Bearer hk_…` (right `events:read`), never a token
 * in the URL — by the access hook before the upgrade. A cookie-authenticated upgrade must come from
 * our own origin: browsers send cookies with cross-site WebSocket handshakes (no CORS applies).
 */
import type { FastifyRequest } from 'fastify';
import { authenticate } from '../auth/authenticate.ts';
import { parseTopics } from '../../events/feed-protocol.ts';
import type { FeedRequest } from '../../events/feed-hub.ts';
import { wsFeedSocket } from '../../events/ws-feed-socket.ts';
import { viewerOf } from '../event-viewer.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Type } from '../schema.ts';
import { LiveCallView } from './live.ts';
import type { Static } from '../schema.ts';
import type { WebSocket } from 'ws';

const ANYONE: RouteAccess = { roles: ['operator_admin', 'tenant_admin', 'supervisor', 'agent'], tenantScoped: true };

const FeedQuery = Type.Object(
  {
    topics: Type.Optional(Type.String({ maxLength: 400, description: 'Comma-separated topics (call, leg, recording, dtmf) or event types; default all' })),
    stream: Type.Optional(Type.String({ maxLength: 64, description: 'Resume: the stream of the last event seen' })),
    after: Type.Optional(Type.String({ maxLength: 4000, pattern: '^(\\d{1,15}|[A-Za-z0-9_-]{1,64}:\\d{1,15}(,[A-Za-z0-9_-]{1,64}:\\d{1,15})*)$', description: 'Resume: the last seq seen; for the operator, tenant:seq pairs, comma-separated' })),
  },
  { additionalProperties: false },
);

const Snapshot = Type.Object(
  {
    kind: Type.Literal('snapshot'),
    stream: Type.String({ maxLength: 64 }),
    seqs: Type.Record(Type.String({ maxLength: 64 }), Type.Integer(), { description: 'Per tenant: the last seq the snapshot covers' }),
    calls: Type.Array(LiveCallView),
    heartbeatMs: Type.Integer(),
  },
  { additionalProperties: false },
);

/** Refuses a cookie-authenticated handshake from another origin (cross-site WebSocket hijacking). */
async function checkOrigin(req: FastifyRequest): Promise<void> {
  const origin = req.headers.origin;
  if (req.principal?.kind !== 'user' || origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiError('FORBIDDEN', 'Unreadable Origin');
  }
  if (host !== req.headers.host) throw new ApiError('FORBIDDEN', 'The event feed takes a session only from the web app\'s own origin');
}

function resumeOf(stream: string | undefined, after: string | undefined, tenantId: string | null): FeedRequest['resume'] {
  if (stream === undefined || after === undefined) return undefined;
  const seqs = new Map<string, number>();
  if (/^\d+$/.test(after)) {
    // The operator resumes with tenant:seq pairs; a bare seq from them resumes nothing.
    if (tenantId !== null) seqs.set(tenantId, Number(after));
  } else {
    for (const pair of after.split(',')) {
      const [tenant = '', seq = ''] = pair.split(':');
      if (tenantId === null || tenant === tenantId) seqs.set(tenant, Number(seq));
    }
  }
  return { stream, seqs };
}

const eventsRoutes: RoutePlugin = async (app) => {
  app.route({
    method: 'GET',
    url: '/events',
    config: { access: ANYONE, transaction: false },
    onRequest: checkOrigin,
    schema: {
      summary: 'The event feed: over WebSocket a snapshot, then call events as they happen; without the upgrade, the snapshot once (docs/events.md)',
      querystring: FeedQuery,
      response: { 200: Snapshot },
    },
    wsHandler: async (socket, req) => {
      try {
        await openFeed(socket, req, req.query);
      } catch (err) {
        req.log.error({ err }, 'event feed failed to open');
        socket.close(1011, 'internal error');
      }
    },
    handler: async (req) => {
      const hub = req.server.hotline.events?.feed;
      if (!hub) throw new ApiError('NOT_FOUND', 'The event feed is not available in this process');
      return hub.snapshotFor(await viewerOf(req));
    },
  });
};

async function openFeed(socket: WebSocket, req: FastifyRequest, query: Static<typeof FeedQuery>): Promise<void> {
  const hub = req.server.hotline.events?.feed;
  if (!hub) return socket.close(1011, 'the event feed is not available in this process');
  const topics = query.topics === undefined ? undefined : parseTopics(query.topics.split(','));
  if (query.topics !== undefined && !topics) return socket.close(4400, 'unknown topic');
  // Messages may arrive while the viewer is looked up: hold them until the hub has the client.
  const early: string[] = [];
  const onEarly = (data: Buffer) => early.push(data.toString('utf8'));
  socket.on('message', onEarly);
  const viewer = await viewerOf(req);
  const ctx = req.server.hotline;
  const feed: FeedRequest = {
    viewer,
    stillAuthorized: async () => {
      try {
        return (await authenticate(ctx, req)) !== null;
      } catch {
        return false;
      }
    },
  };
  if (topics) feed.topics = topics;
  const resume = resumeOf(query.stream, query.after, viewer.tenantId);
  if (resume) feed.resume = resume;
  if (socket.readyState !== socket.OPEN) return;
  const conn = hub.connect(wsFeedSocket(socket), feed);
  // An agent's feed is their desk being there (issue 14): all of them closed, past the grace, is not ready.
  const own = viewer.own?.userId;
  const deskClosed = own !== undefined && viewer.tenantId !== null ? ctx.desk?.presence.feedOpened(viewer.tenantId, own) : undefined;
  socket.off('message', onEarly);
  socket.on('message', (data: Buffer) => conn.received(data.toString('utf8')));
  socket.on('pong', () => conn.heard());
  socket.on('close', () => {
    conn.closed();
    deskClosed?.();
  });
  for (const m of early) conn.received(m);
}

export default eventsRoutes;
