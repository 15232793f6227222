/**
 * /api/v1/announcements (C21): tenant admins and supervisors publish to roles and/or the agents of
 * ACD queues; each recipient's event feed gets `announcement.published` at once (docs/events.md),
 * lists what was published to them with an unread count, and confirms reading. The history, with
 * how many confirmed, is the staff's.
 */
import { writeAudit } from '../../audit/audit-log.ts';
import { announcementHistory, announcementsFor, confirmRead, publishAnnouncement, unreadCount } from '../../announcements/announcement-store.ts';
import { withTransaction } from '../../db/transaction.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, principalOf, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Limit, NoContent, ShortText, Timestamp, Type } from '../schema.ts';

const PUBLISHERS: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true, apiKeyRight: false };
const USERS: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent', 'qa_reviewer'], tenantScoped: true, apiKeyRight: false };

const AudienceRole = Type.Union([Type.Literal('tenant_admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('qa_reviewer')]);
const Audience = Type.Object(
  { roles: Type.Array(AudienceRole, { maxItems: 4, uniqueItems: true }), queueIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true, description: 'the agents of these ACD queues' }) },
  { additionalProperties: false },
);
const AnnouncementView = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    body: Type.String(),
    audience: Audience,
    publishedByName: Type.String(),
    publishedAt: Timestamp,
    readAt: Type.Union([Timestamp, Type.Null()], { description: 'when you confirmed it; null: unread (history: null)' }),
    recipients: Type.Integer({ description: 'history: how many it was published to' }),
    read: Type.Integer({ description: 'history: how many confirmed' }),
  },
  { additionalProperties: false },
);

const announcementRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();
  const userIdOf = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN', 'Announcements are for signed-in users');
    return p;
  };

  app.post('/announcements', {
    config: { access: PUBLISHERS, transaction: false },
    schema: { summary: 'Publish an announcement to roles and/or the agents of queues; their feeds show it at once', body: Type.Object({ title: ShortText({ maxLength: 200 }), body: Type.String({ minLength: 1, maxLength: 5000 }), audience: Audience }, { additionalProperties: false }), response: { 201: AnnouncementView } },
  }, async (req, reply) => {
    const p = userIdOf(req);
    const tenantId = tenantIdOf(req);
    const { announcement, event } = await withTransaction(app.hotline.database.db, async (trx) => {
      const published = await publishAnnouncement(trx, tenantId, req.body, { id: p.userId, name: p.username }, now());
      await writeAudit(trx, actorOf(req), { tenantId, action: 'announcement.publish', targetType: 'announcement', targetId: published.announcement.id, details: { title: req.body.title, audience: req.body.audience, recipients: published.announcement.recipients } }, now());
      return published;
    });
    // Only once committed: a recipient who reloads on the event finds it.
    app.hotline.events?.publish?.(event);
    return reply.code(201).send(announcement);
  });

  app.get('/announcements', {
    config: { access: USERS },
    schema: { summary: 'What was published to you, newest first, with when you confirmed each', querystring: Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(AnnouncementView), unread: Type.Integer() }, { additionalProperties: false }) } },
  }, async (req) => {
    const p = userIdOf(req);
    const tenantId = tenantIdOf(req);
    return { items: await announcementsFor(req.db, tenantId, p.userId, req.query.limit ?? 100), unread: await unreadCount(req.db, tenantId, p.userId) };
  });

  app.get('/announcements/history', {
    config: { access: PUBLISHERS },
    schema: { summary: "The tenant's announcements, newest first, with how many each reached and how many confirmed", querystring: Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(AnnouncementView) }, { additionalProperties: false }) } },
  }, async (req) => ({ items: await announcementHistory(req.db, tenantIdOf(req), req.query.limit ?? 100) }));

  app.post('/announcements/:id/read', {
    config: { access: USERS },
    schema: { summary: 'Confirm you read it', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    if (!(await confirmRead(req.db, tenantIdOf(req), req.params.id, userIdOf(req).userId, now()))) throw new ApiError('NOT_FOUND', 'No such announcement for you');
    return reply.code(204).send(null);
  });
};

export default announcementRoutes;
