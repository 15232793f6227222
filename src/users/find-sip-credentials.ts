import type { Kysely } from 'kysely';
import type { DigestAlgorithm, Ha1Lookup } from '../sip/auth/index.ts';
import { usersDb } from './user-store.ts';

/** The SIP account behind a digest user name, for the registrar and INVITE authentication. */
export interface SipAccount {
  userId: string;
  tenantId: string | null;
  agentId: string | null;
  ha1: string;
}

/**
 * The account of `sipUsername` with its HA1 for `realm` and `algorithm`; undefined when unknown,
 * disabled, without a SIP password, or provisioned for another realm. One query on the unique
 * `sip_username` index: it runs for every REGISTER and INVITE challenge.
 */
export async function findSipAccount(db: Kysely<object>, sipUsername: string, realm: string, algorithm: DigestAlgorithm): Promise<SipAccount | undefined> {
  const row = await usersDb(db)
    .selectFrom('users')
    .select(['id', 'tenant_id', 'agent_id', 'sip_realm', 'sip_ha1_md5', 'sip_ha1_sha256'])
    .where('sip_username', '=', sipUsername)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!row || row.sip_realm !== realm) return undefined;
  // Only MD5 and SHA-256 HA1 are kept; a SHA-512-256 challenge finds nothing and the registrar offers the others.
  const ha1 = algorithm === 'MD5' ? row.sip_ha1_md5 : algorithm === 'SHA-256' ? row.sip_ha1_sha256 : null;
  if (ha1 === null) return undefined;
  return { userId: row.id, tenantId: row.tenant_id, agentId: row.agent_id, ha1 };
}

/** Just the HA1 (see `findSipAccount`). */
export async function findSipCredentials(db: Kysely<object>, sipUsername: string, realm: string, algorithm: DigestAlgorithm): Promise<string | undefined> {
  return (await findSipAccount(db, sipUsername, realm, algorithm))?.ha1;
}

/** The lookup `DigestAuthenticator` (src/sip/auth) takes, backed by the users table. */
export function sipHa1Lookup(db: Kysely<object>): Ha1Lookup {
  return (username, realm, algorithm) => findSipCredentials(db, username, realm, algorithm);
}

/** Which of `names` are SIP user names of `tenantId`'s users (bound phones may only name those). */
export async function sipUsernamesOfTenant(db: Kysely<object>, tenantId: string, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await usersDb(db).selectFrom('users').select('sip_username').where('tenant_id', '=', tenantId).where('sip_username', 'in', [...names]).execute();
  return new Set(rows.map((r) => r.sip_username).filter((n): n is string => n !== null));
}
