import type { Kysely } from 'kysely';
import type { Role } from './role.ts';
import { isRole } from './role.ts';
import { hashPassword } from './password.ts';
import { sipHa1 } from './sip-ha1.ts';
import { AGENT_ID_PATTERN, SIP_USERNAME_PATTERN, USERNAME_PATTERN } from './user.ts';
import { UserError, nameUnavailable } from './user-error.ts';
import { usersDb } from './user-store.ts';
import type { UsersTable } from './user-tables.ts';
import type { UsersSettings } from './users-settings.ts';

/** The writable fields of a user; `undefined` leaves a field as it is, `null` clears it. */
export interface UserFields {
  role?: Role;
  displayName?: string;
  password?: string;
  mustChangePassword?: boolean;
  disabled?: boolean;
  agentId?: string | null;
  sipUsername?: string | null;
  /** Stored only as HA1 (MD5 and SHA-256) for the platform realm. */
  sipPassword?: string;
  boundNumber?: string | null;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

function check(ok: boolean, field: string, why: string): void {
  if (!ok) throw new UserError('INVALID_USER', `${field}: ${why}`, { field });
}

export function checkUsername(username: string): void {
  check(new RegExp(USERNAME_PATTERN).test(username), 'username', 'use 2–64 of a-z 0-9 . _ @ + -');
}

/** Shape checks of the fields alone, before any query. */
export function checkFields(tenantId: string | null, f: UserFields): void {
  if (f.role !== undefined) {
    check(isRole(f.role), 'role', 'unknown role');
    check((f.role === 'operator_admin') === (tenantId === null), 'role', 'operator admins have no tenant; tenant users need one');
  }
  if (f.displayName !== undefined) check(f.displayName.trim().length > 0 && f.displayName.length <= 100, 'displayName', '1–100 characters');
  if (f.password !== undefined) check(f.password.length > 0 && f.password.length <= 256, 'password', '1–256 characters');
  if (f.agentId != null) check(new RegExp(AGENT_ID_PATTERN).test(f.agentId), 'agentId', '1–16 letters, digits or -');
  if (f.sipUsername != null) check(new RegExp(SIP_USERNAME_PATTERN).test(f.sipUsername), 'sipUsername', 'not a valid SIP user part');
  if (f.sipPassword !== undefined) check(f.sipPassword.length >= 8 && f.sipPassword.length <= 128, 'sipPassword', '8–128 characters');
  if (f.boundNumber != null) check(E164.test(f.boundNumber), 'boundNumber', 'E.164, e.g. +8613800138000');
}

/** Refuses an agent ID or SIP user name another user already has. */
export async function checkUnique(db: Kysely<object>, tenantId: string | null, selfId: string | null, f: UserFields): Promise<void> {
  const users = usersDb(db);
  if (f.agentId != null) {
    let q = users.selectFrom('users').select('id').where('agent_id', '=', f.agentId);
    q = tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
    const other = await q.executeTakeFirst();
    if (other && other.id !== selfId) throw new UserError('AGENT_ID_TAKEN', `agent ID ${f.agentId} is taken in this tenant`);
  }
  if (f.sipUsername != null) {
    const other = await users.selectFrom('users').select('id').where('sip_username', '=', f.sipUsername).executeTakeFirst();
    if (other && other.id !== selfId) throw nameUnavailable('sipUsername');
  }
}

/** The column values the fields turn into, secrets hashed. `current` is the row being updated. */
export async function toColumns(f: UserFields, current: UsersTable | undefined, settings: UsersSettings): Promise<Partial<UsersTable>> {
  const cols: Partial<UsersTable> = {};
  if (f.role !== undefined) cols.role = f.role;
  if (f.displayName !== undefined) cols.display_name = f.displayName.trim();
  if (f.password !== undefined) cols.password_hash = await hashPassword(f.password, settings.scrypt);
  if (f.mustChangePassword !== undefined) cols.must_change_password = f.mustChangePassword ? 1 : 0;
  if (f.disabled !== undefined) cols.disabled = f.disabled ? 1 : 0;
  if (f.agentId !== undefined) cols.agent_id = f.agentId;
  if (f.boundNumber !== undefined) cols.bound_number = f.boundNumber;
  Object.assign(cols, sipColumns(f, current, settings.sipRealm));
  return cols;
}

function sipColumns(f: UserFields, current: UsersTable | undefined, realm: string): Partial<UsersTable> {
  const username = f.sipUsername !== undefined ? f.sipUsername : (current?.sip_username ?? null);
  if (username === null) {
    return f.sipUsername === null ? { sip_username: null, sip_realm: null, sip_ha1_md5: null, sip_ha1_sha256: null } : {};
  }
  if (f.sipPassword === undefined) {
    // HA1 covers the user name: a renamed SIP account needs its password again.
    const renamed = f.sipUsername !== undefined && f.sipUsername !== current?.sip_username && current?.sip_ha1_md5 != null;
    if (renamed) throw new UserError('SIP_PASSWORD_REQUIRED', 'a new SIP user name needs the SIP password again');
    return f.sipUsername !== undefined ? { sip_username: username } : {};
  }
  return {
    sip_username: username,
    sip_realm: realm,
    sip_ha1_md5: sipHa1('MD5', username, realm, f.sipPassword),
    sip_ha1_sha256: sipHa1('SHA-256', username, realm, f.sipPassword),
  };
}

/** Field names that changed, for the audit log (secrets by name only). */
export function changedFieldNames(f: UserFields): string[] {
  return Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}
