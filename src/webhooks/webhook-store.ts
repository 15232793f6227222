/**
 * A tenant's webhook endpoints: registered, listed (never with the secret), removed, and their
 * last delivery's status recorded. Every function takes the tenant explicitly where a tenant's
 * user is asking, so another tenant's endpoint is indistinguishable from none.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import type { WebhookTables } from './webhook-tables.ts';
import { newWebhookSecret } from './webhook-signature.ts';

type Db = Kysely<object>;
type Row = WebhookTables['webhook_endpoints'];
const tables = (db: Db) => db.withTables<WebhookTables>();

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** What the sender needs: where, and the keys to sign with (the current one, then the one a rotation replaced while its grace lasts). */
export interface WebhookTarget {
  id: string;
  tenantId: string;
  url: string;
  secrets: string[];
  enabled: boolean;
}

export async function createWebhookEndpoint(db: Db, input: { tenantId: string; url: string; description: string; eventTypes: string[]; createdBy: string | null }, now: Date): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const row: Row = {
    id: newId(),
    tenant_id: input.tenantId,
    url: input.url,
    description: input.description,
    event_types: JSON.stringify(input.eventTypes),
    secret: newWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    enabled: 1,
    created_at: toDbTimestamp(now),
    created_by: input.createdBy,
    last_attempt_at: null,
    last_status: null,
    last_error: null,
  };
  await tables(db).insertInto('webhook_endpoints').values(row).execute();
  return { endpoint: toEndpoint(row), secret: row.secret };
}

export async function listWebhookEndpoints(db: Db, tenantId: string): Promise<WebhookEndpoint[]> {
  const rows = await tables(db).selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toEndpoint);
}

export async function getWebhookEndpoint(db: Db, tenantId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const row = await tables(db).selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toEndpoint(row);
}

/** True when it existed. Queued deliveries to it then fail ('endpoint removed'). */
export async function deleteWebhookEndpoint(db: Db, tenantId: string, id: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The enabled endpoints of every tenant, for the dispatcher's cache. */
export async function allEnabledWebhookEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  const rows = await tables(db).selectFrom('webhook_endpoints').selectAll().where('enabled', '=', 1).execute();
  return rows.map(toEndpoint);
}

export async function webhookTarget(db: Db, id: string, now: Date): Promise<WebhookTarget | undefined> {
  const row = await tables(db).selectFrom('webhook_endpoints').select(['id', 'tenant_id', 'url', 'secret', 'previous_secret', 'previous_secret_expires_at', 'enabled']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const graceLasts = row.previous_secret !== null && row.previous_secret_expires_at !== null && row.previous_secret_expires_at > toDbTimestamp(now);
  return { id: row.id, tenantId: row.tenant_id, url: row.url, secrets: graceLasts ? [row.secret, row.previous_secret as string] : [row.secret], enabled: row.enabled === 1 };
}

/**
 * A new secret for the endpoint (returned once, as at creation). The one it replaces keeps signing
 * beside it for `graceSeconds` (0: it stops at once). Undefined when the tenant has no such endpoint.
 */
export async function rotateWebhookSecret(db: Db, tenantId: string, id: string, graceSeconds: number, now: Date): Promise<{ secret: string; previousSecretExpiresAt: string | null } | undefined> {
  const row = await tables(db).selectFrom('webhook_endpoints').select(['secret']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const secret = newWebhookSecret();
  const expiresAt = graceSeconds > 0 ? toDbTimestamp(new Date(now.getTime() + graceSeconds * 1000)) : null;
  await tables(db)
    .updateTable('webhook_endpoints')
    .set({ secret, previous_secret: expiresAt ? row.secret : null, previous_secret_expires_at: expiresAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return { secret, previousSecretExpiresAt: expiresAt };
}

/** Stops (false) or resumes (true) deliveries to the endpoint; the endpoint after, or undefined when the tenant has none such. */
export async function setWebhookEnabled(db: Db, tenantId: string, id: string, enabled: boolean): Promise<WebhookEndpoint | undefined> {
  await tables(db).updateTable('webhook_endpoints').set({ enabled: enabled ? 1 : 0 }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return getWebhookEndpoint(db, tenantId, id);
}

export async function recordWebhookAttempt(db: Db, id: string, result: { status: number | null; error: string | null }, now: Date): Promise<void> {
  await tables(db)
    .updateTable('webhook_endpoints')
    .set({ last_attempt_at: toDbTimestamp(now), last_status: result.status, last_error: result.error?.slice(0, 500) ?? null })
    .where('id', '=', id)
    .execute();
}

function toEndpoint(r: Row): WebhookEndpoint {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    url: r.url,
    description: r.description,
    eventTypes: JSON.parse(r.event_types) as string[],
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
  };
}
