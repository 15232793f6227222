/**
 * The durable outbox: one row per recipient and message. `enqueueNotification` is what every
 * domain calls (missed calls, low balance, caps, voicemail); the worker claims due rows with a
 * lease, so two processes on one PostgreSQL never send the same row at once and a process that
 * dies mid-send leaves the row to be retried when the lease runs out.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { DEFAULT_TIME_ZONE } from '../tenants/time-zone.ts';
import type { NotificationChannel, NotificationInput, OutboxChannel, NotificationLocale, OutboxEntry, OutboxState, TemplateName, TemplateParams } from './notification.ts';
import { NotificationError } from './notification.ts';
import type { NotifyTables } from './notify-tables.ts';
import { normalizeRecipient } from './recipient.ts';
import { renderTemplate } from './templates.ts';
import { outboxSignal } from './outbox-signal.ts';

type Db = Kysely<object>;
type Row = NotifyTables['notify_outbox'];
const tables = (db: Db) => db.withTables<NotifyTables>();

/** A row the worker holds: what to send, where. */
export interface ClaimedMessage {
  id: string;
  tenantId: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  /** Attempts including this one. */
  attempts: number;
}

/**
 * Queues one message for one recipient; returns its outbox id (or the existing row's id when the
 * dedupe key was used before). The text is rendered now, in the tenant's zone. Throws
 * `NotificationError` for a bad recipient or template — before anything is written.
 */
export async function enqueueNotification(db: Db, input: NotificationInput, now: Date = new Date()): Promise<string> {
  const recipient = normalizeRecipient(input.channel, input.to);
  const locale: NotificationLocale = input.locale ?? 'zh-CN';
  const tenant = await getTenant(db, input.tenantId);
  const message = renderTemplate(input.template, input.params, { locale, timeZone: tenant?.timeZone ?? DEFAULT_TIME_ZONE });
  const row = { tenantId: input.tenantId, channel: input.channel, recipient, template: input.template, locale, params: JSON.stringify(input.params), subject: input.channel === 'email' ? message.subject : null, body: message.body, dedupeKey: input.dedupeKey ?? null };
  const id = await insertQueued(db, row, now);
  if (id === undefined && input.dedupeKey !== undefined) {
    const existing = await tables(db).selectFrom('notify_outbox').select('id').where('dedupe_key', '=', input.dedupeKey).executeTakeFirst();
    if (existing) return existing.id;
  }
  return id ?? '';
}

/**
 * Queues a message that is already what goes out (a webhook delivery's JSON): no template, no
 * recipient normalisation. The same `dedupeKey` twice queues once. Returns whether it was queued.
 */
export async function enqueueOutboxMessage(db: Db, input: { tenantId: string; channel: OutboxChannel; recipient: string; template: string; body: string; dedupeKey: string }, now: Date): Promise<boolean> {
  return (await insertQueued(db, { ...input, locale: 'en', params: '{}', subject: null }, now)) !== undefined;
}

/** Inserts a queued row and wakes the worker; undefined when its dedupe key was used before. */
async function insertQueued(
  db: Db,
  r: { tenantId: string; channel: OutboxChannel; recipient: string; template: string; locale: string; params: string; subject: string | null; body: string; dedupeKey: string | null },
  now: Date,
): Promise<string | undefined> {
  const id = newId();
  const at = toDbTimestamp(now);
  const inserted = await tables(db)
    .insertInto('notify_outbox')
    .values({
      id,
      tenant_id: r.tenantId,
      channel: r.channel,
      recipient: r.recipient,
      template: r.template,
      locale: r.locale,
      params: r.params,
      subject: r.subject,
      body: r.body,
      dedupe_key: r.dedupeKey,
      state: 'queued',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      provider_ref: null,
      created_at: at,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
  outboxSignal.announce();
  return id;
}

/** The outbox rows for one recipient (a webhook endpoint's deliveries), newest first, any channel. */
export async function listOutboxByRecipient(db: Db, tenantId: string, recipient: string, limit = 100): Promise<OutboxEntry[]> {
  const rows = await tables(db).selectFrom('notify_outbox').selectAll().where('tenant_id', '=', tenantId).where('recipient', '=', recipient).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toEntry);
}

/**
 * Claims up to `limit` due rows of the given channels: each claim moves `next_attempt_at` to the
 * end of the lease and counts the attempt, guarded by the value it read, so a row is claimed by
 * one worker only.
 */
export async function claimDue(db: Db, channels: readonly OutboxChannel[], now: Date, leaseMs: number, limit = 20): Promise<ClaimedMessage[]> {
  if (channels.length === 0) return [];
  const at = toDbTimestamp(now);
  const due = await tables(db)
    .selectFrom('notify_outbox')
    .select(['id', 'tenant_id', 'channel', 'recipient', 'subject', 'body', 'attempts', 'next_attempt_at'])
    .where('state', '=', 'queued')
    .where('next_attempt_at', '<=', at)
    .where('channel', 'in', [...channels])
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const leaseEnd = toDbTimestamp(new Date(now.getTime() + leaseMs));
  const claimed: ClaimedMessage[] = [];
  for (const r of due) {
    const res = await tables(db)
      .updateTable('notify_outbox')
      .set({ next_attempt_at: leaseEnd, attempts: r.attempts + 1 })
      .where('id', '=', r.id)
      .where('state', '=', 'queued')
      .where('next_attempt_at', '=', r.next_attempt_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) continue;
    claimed.push({ id: r.id, tenantId: r.tenant_id, channel: r.channel as OutboxChannel, recipient: r.recipient, subject: r.subject, body: r.body, attempts: r.attempts + 1 });
  }
  return claimed;
}

export async function markSent(db: Db, id: string, providerRef: string, now: Date): Promise<void> {
  await tables(db)
    .updateTable('notify_outbox')
    .set({ state: 'sent', sent_at: toDbTimestamp(now), provider_ref: providerRef.slice(0, 200), last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Db, id: string, error: string, nextAttemptAt: Date): Promise<void> {
  await tables(db)
    .updateTable('notify_outbox')
    .set({ next_attempt_at: toDbTimestamp(nextAttemptAt), last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .execute();
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await tables(db).updateTable('notify_outbox').set({ state: 'failed', last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

export interface ListOutboxOptions {
  state?: OutboxState;
  limit?: number;
}

/** A tenant's outbox, newest first. */
export async function listOutbox(db: Db, tenantId: string, opts: ListOutboxOptions = {}): Promise<OutboxEntry[]> {
  // Notifications only: webhook deliveries share the table, listed per endpoint (src/webhooks).
  const channels: NotificationChannel[] = ['sms', 'email'];
  let q = tables(db).selectFrom('notify_outbox').selectAll().where('tenant_id', '=', tenantId).where('channel', 'in', channels).orderBy('created_at', 'desc').orderBy('id').limit(opts.limit ?? 100);
  if (opts.state !== undefined) q = q.where('state', '=', opts.state);
  return (await q.execute()).map(toEntry);
}

/** One row by id (any tenant: the worker's and the tests' view). */
export async function getOutboxEntry(db: Db, id: string): Promise<OutboxEntry | undefined> {
  const row = await tables(db).selectFrom('notify_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEntry(row);
}

function toEntry(r: Row): OutboxEntry {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    channel: r.channel as NotificationChannel,
    recipient: r.recipient,
    template: r.template as TemplateName,
    locale: r.locale as NotificationLocale,
    params: parseParams(r.params),
    subject: r.subject,
    body: r.body,
    state: r.state as OutboxState,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    providerRef: r.provider_ref,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

function parseParams(text: string): TemplateParams {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null) throw new NotificationError('NOTIFY_BAD_TEMPLATE', 'stored params are not an object');
  return v as TemplateParams;
}
