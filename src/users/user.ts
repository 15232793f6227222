import type { Role } from './role.ts';
import type { UsersTable } from './user-tables.ts';

/** A user as the rest of the platform sees it: never a secret (no password hash, no HA1). */
export interface User {
  id: string;
  tenantId: string | null;
  username: string;
  role: Role;
  displayName: string;
  /** `number`: the tenant's 400-number login (P1); `named`: a person's own account. */
  loginKind: 'named' | 'number';
  mustChangePassword: boolean;
  disabled: boolean;
  hasPassword: boolean;
  /** The agent ID (工号), unique within the tenant. */
  agentId: string | null;
  sipUsername: string | null;
  hasSipPassword: boolean;
  /** The PSTN number calls for this agent may be sent to (E.164). */
  boundNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    username: row.username,
    role: row.role as Role,
    displayName: row.display_name,
    loginKind: row.login_kind === 'number' ? 'number' : 'named',
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled === 1,
    hasPassword: row.password_hash !== null,
    agentId: row.agent_id,
    sipUsername: row.sip_username,
    hasSipPassword: row.sip_ha1_md5 !== null,
    boundNumber: row.bound_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** User names are case-insensitive: stored lower-case, trimmed. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Letters, digits and `._@+-`, 2–64 characters (an E.164 400 number such as `+864001234567` fits). */
export const USERNAME_PATTERN = '^[a-z0-9+][a-z0-9._@+-]{1,63}$';
/** SIP user part: the unreserved characters of RFC 3261 §25.1 without escapes, 1–64. */
export const SIP_USERNAME_PATTERN = "^[A-Za-z0-9._~!$&'*+-]{1,64}$";
export const AGENT_ID_PATTERN = '^[A-Za-z0-9-]{1,16}$';
