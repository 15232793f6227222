/**
 * C21: admins and supervisors publish announcements to everyone of some roles and/or the agents of
 * some queues (the ACD's memberships); the recipients are fixed when it is published, each with the
 * time they confirmed reading. The history stays.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { CodedError } from '../kernel/coded-error.ts';
import type { UsersTables } from '../users/user-tables.ts';
import type { AnnouncementPublished } from './announcement-events.ts';

export const AUDIENCE_ROLES = ['tenant_admin', 'supervisor', 'agent', 'qa_reviewer'] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];

export interface Audience {
  roles: AudienceRole[];
  /** Agents who are members of these ACD queues. */
  queueIds: string[];
}

export interface Announcement {
  id: string;
  title: string;
  body: string;
  audience: Audience;
  publishedByName: string;
  publishedAt: string;
  /** For the reader: when they confirmed it (null: unread); for the history: null. */
  readAt: string | null;
  recipients: number;
  read: number;
}

type Tables = UsersTables & {
  announcements: { id: string; tenant_id: string; title: string; body: string; audience: string; published_by: string; published_by_name: string; published_at: string };
  announcement_recipients: { announcement_id: string; user_id: string; tenant_id: string; read_at: string | null };
  acd_memberships: { queue_id: string; user_id: string; tenant_id: string };
};
const tables = (db: Kysely<object>) => db.withTables<Tables>();

/** A refusal to publish (the API answers it 422 UNPROCESSABLE). */
export class AnnouncementError extends CodedError<'UNPROCESSABLE'> {
  constructor(message: string) {
    super('UNPROCESSABLE', message, 422);
  }
}

/** The tenant's enabled users the audience names. */
async function recipientsOf(db: Kysely<object>, tenantId: string, audience: Audience): Promise<string[]> {
  const ids = new Set<string>();
  if (audience.roles.length > 0) {
    const rows = await tables(db).selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('disabled', '=', 0).where('role', 'in', audience.roles).execute();
    for (const r of rows) ids.add(r.id);
  }
  if (audience.queueIds.length > 0) {
    const rows = await tables(db)
      .selectFrom('acd_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.id')
      .where('u.tenant_id', '=', tenantId)
      .where('u.disabled', '=', 0)
      .where('m.queue_id', 'in', audience.queueIds)
      .execute();
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

export interface PublishInput {
  title: string;
  body: string;
  audience: Audience;
}

/** Publishes; returns the announcement and the event to put on the bus once the transaction commits. */
export async function publishAnnouncement(db: Kysely<object>, tenantId: string, input: PublishInput, by: { id: string; name: string }, at: Date): Promise<{ announcement: Announcement; event: AnnouncementPublished }> {
  if (input.audience.roles.length === 0 && input.audience.queueIds.length === 0) throw new AnnouncementError('Choose the roles or queues it is for');
  const recipients = await recipientsOf(db, tenantId, input.audience);
  if (recipients.length === 0) throw new AnnouncementError('Nobody is in that audience');
  const id = newId();
  const publishedAt = toDbTimestamp(at);
  await tables(db)
    .insertInto('announcements')
    .values({ id, tenant_id: tenantId, title: input.title, body: input.body, audience: JSON.stringify(input.audience), published_by: by.id, published_by_name: by.name, published_at: publishedAt })
    .execute();
  await tables(db)
    .insertInto('announcement_recipients')
    .values(recipients.map((user_id) => ({ announcement_id: id, user_id, tenant_id: tenantId, read_at: null })))
    .execute();
  return {
    announcement: { id, title: input.title, body: input.body, audience: input.audience, publishedByName: by.name, publishedAt, readAt: null, recipients: recipients.length, read: 0 },
    event: { type: 'announcement.published', tenantId, announcementId: id, title: input.title, recipientUserIds: recipients },
  };
}

/** Announcements published to `userId`, newest first, with when they read each. */
export async function announcementsFor(db: Kysely<object>, tenantId: string, userId: string, limit: number): Promise<Announcement[]> {
  const rows = await tables(db)
    .selectFrom('announcement_recipients as r')
    .innerJoin('announcements as a', 'a.id', 'r.announcement_id')
    .selectAll('a')
    .select('r.read_at')
    .where('r.tenant_id', '=', tenantId)
    .where('r.user_id', '=', userId)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, audience: JSON.parse(r.audience) as Audience, publishedByName: r.published_by_name, publishedAt: r.published_at, readAt: r.read_at, recipients: 0, read: 0 }));
}

/** The tenant's history, newest first, with how many it reached and how many confirmed. */
export async function announcementHistory(db: Kysely<object>, tenantId: string, limit: number): Promise<Announcement[]> {
  const rows = await tables(db)
    .selectFrom('announcements as a')
    .leftJoin('announcement_recipients as r', 'r.announcement_id', 'a.id')
    .select((eb) => ['a.id', 'a.title', 'a.body', 'a.audience', 'a.published_by_name', 'a.published_at', eb.fn.count<number>('r.user_id').as('recipients'), eb.fn.count<number>('r.read_at').as('read')])
    .where('a.tenant_id', '=', tenantId)
    .groupBy(['a.id', 'a.title', 'a.body', 'a.audience', 'a.published_by_name', 'a.published_at'])
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, audience: JSON.parse(r.audience) as Audience, publishedByName: r.published_by_name, publishedAt: r.published_at, readAt: null, recipients: Number(r.recipients), read: Number(r.read) }));
}

export async function unreadCount(db: Kysely<object>, tenantId: string, userId: string): Promise<number> {
  const r = await tables(db).selectFrom('announcement_recipients').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The user confirms reading it; false when it was not published to them. Confirming twice keeps the first time. */
export async function confirmRead(db: Kysely<object>, tenantId: string, id: string, userId: string, at: Date): Promise<boolean> {
  const row = await tables(db).selectFrom('announcement_recipients').select('read_at').where('tenant_id', '=', tenantId).where('announcement_id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return false;
  if (row.read_at === null) await tables(db).updateTable('announcement_recipients').set({ read_at: toDbTimestamp(at) }).where('announcement_id', '=', id).where('user_id', '=', userId).execute();
  return true;
}
