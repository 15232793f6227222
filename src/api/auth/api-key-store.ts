import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../../db/conventions.ts';
import type { ApiKeysTable, UsersTables } from '../../users/user-tables.ts';
import { hashToken, newApiKey } from './secret-token.ts';

/**
 * API keys for integrations: `hk_` + 256 random bits, shown once at creation, stored as SHA-256.
 * A key belongs to one tenant and carries a set of rights (`<resource>:read|write`).
 */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it in a list (`hk_AbCdEf…`). */
  prefix: string;
  rights: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
}

function toInfo(r: ApiKeysTable): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    rights: JSON.parse(r.rights) as string[],
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revoked: r.revoked_at !== null,
  };
}

export interface CreateApiKeyInput {
  tenantId: string;
  name: string;
  rights: string[];
  expiresAt: string | null;
  createdBy: string | null;
}

export async function createApiKey(db: Kysely<object>, input: CreateApiKeyInput, now: Date): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = newApiKey();
  const row: ApiKeysTable = {
    id: newId(),
    tenant_id: input.tenantId,
    name: input.name,
    key_hash: hashToken(key),
    key_prefix: key.slice(0, 9),
    rights: JSON.stringify([...new Set(input.rights)].sort()),
    created_by: input.createdBy,
    created_at: toDbTimestamp(now),
    last_used_at: null,
    expires_at: input.expiresAt,
    revoked_at: null,
  };
  await db.withTables<UsersTables>().insertInto('api_keys').values(row).execute();
  return { key, info: toInfo(row) };
}

export async function listApiKeys(db: Kysely<object>, tenantId: string): Promise<ApiKeyInfo[]> {
  const rows = await db.withTables<UsersTables>().selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  return rows.map(toInfo);
}

/** Revokes key `id` of `tenantId`; undefined when the tenant has no such key. */
export async function revokeApiKey(db: Kysely<object>, tenantId: string, id: string, now: Date): Promise<ApiKeyInfo | undefined> {
  const t = db.withTables<UsersTables>();
  const row = await t.selectFrom('api_keys').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at === null) await t.updateTable('api_keys').set({ revoked_at: toDbTimestamp(now) }).where('id', '=', id).execute();
  return toInfo({ ...row, revoked_at: row.revoked_at ?? toDbTimestamp(now) });
}

/** The live key behind a presented secret, or undefined (unknown, revoked, expired). */
export async function resolveApiKey(db: Kysely<object>, key: string, now: Date): Promise<(ApiKeyInfo & { tenantId: string }) | undefined> {
  const t = db.withTables<UsersTables>();
  const row = await t.selectFrom('api_keys').selectAll().where('key_hash', '=', hashToken(key)).executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return undefined;
  // Last use at minute resolution: enough to spot a dead key, without a write per request.
  const lastUsed = row.last_used_at === null ? 0 : Date.parse(row.last_used_at);
  if (now.getTime() - lastUsed >= 60_000) {
    await t.updateTable('api_keys').set({ last_used_at: toDbTimestamp(now) }).where('id', '=', row.id).execute();
  }
  return { ...toInfo(row), tenantId: row.tenant_id };
}
