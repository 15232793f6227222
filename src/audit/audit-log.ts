import type { Kysely } from 'kysely';
// A time-ordered UUIDv7 with a per-process counter: entries of one millisecond list in the order
// they were written. (Generic; lives in billing today — a candidate for src/db/conventions.)
import { uuidV7 } from '../kernel/uuid-v7.ts';
import { toDbTimestamp } from '../db/conventions.ts';
import type { Actor } from './actor.ts';
import type { AuditTables } from './audit-tables.ts';

/**
 * The audit log (C33): one append-only row per change an admin makes. Written with the same `db`
 * (transaction) as the change itself, so a rolled-back change leaves no entry and a committed one
 * always has its entry.
 */
export interface AuditInput {
  /** The tenant whose data changed; null for platform data (operator admins, trunks, …). */
  tenantId: string | null;
  /** `<resource>.<verb>`, e.g. `user.create`, `number.activate`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** What changed (never a secret): small JSON, e.g. the changed field names and new values. */
  details?: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  tenantId: string | null;
  actor: { kind: Actor['kind']; id: string | null; name: string };
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
}

const SECRET_KEY = /pass(word)?|secret|token|ha1|hash|key$/i;

/** Replaces values of secret-looking keys, so a careless caller cannot leak a password into the log. */
function redact(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : v]));
}

export async function writeAudit(db: Kysely<object>, by: Actor, entry: AuditInput, at: Date = new Date()): Promise<void> {
  await db
    .withTables<AuditTables>()
    .insertInto('audit_log')
    .values({
      id: uuidV7(at.getTime()),
      at: toDbTimestamp(at),
      tenant_id: entry.tenantId,
      actor_kind: by.kind,
      actor_id: by.id,
      actor_name: by.name,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      details: entry.details ? JSON.stringify(redact(entry.details)) : null,
      ip: by.ip ?? null,
    })
    .execute();
}

export interface AuditQuery {
  /** Whose log: a tenant id, or null for platform entries. */
  tenantId: string | null;
  /** Entries strictly before this timestamp (paging backwards); default now. */
  before?: string;
  since?: string;
  action?: string;
  limit: number;
}

/** Newest first. */
export async function listAudit(db: Kysely<object>, q: AuditQuery): Promise<AuditEntry[]> {
  let query = db.withTables<AuditTables>().selectFrom('audit_log').selectAll();
  query = q.tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', q.tenantId);
  if (q.before !== undefined) query = query.where('at', '<', q.before);
  if (q.since !== undefined) query = query.where('at', '>=', q.since);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    tenantId: r.tenant_id,
    actor: { kind: r.actor_kind as Actor['kind'], id: r.actor_id, name: r.actor_name },
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
    ip: r.ip,
  }));
}
