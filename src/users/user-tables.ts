/** Row types of the tables the users domain owns (migration `*-users-accounts-sessions-keys.ts`). */
export type UsersTable = {
  id: string;
  tenant_id: string | null;
  username: string;
  role: string;
  display_name: string;
  login_kind: string;
  password_hash: string | null;
  must_change_password: number;
  disabled: number;
  agent_id: string | null;
  sip_username: string | null;
  sip_realm: string | null;
  sip_ha1_md5: string | null;
  sip_ha1_sha256: string | null;
  bound_number: string | null;
  created_at: string;
  updated_at: string;
};

export type UserSessionsTable = {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
};

export type ApiKeysTable = {
  id: string;
  tenant_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  rights: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
};

export type SignInThrottleTable = {
  key: string;
  failures: number;
  first_failure_at: string;
  locked_until: string | null;
};

export type UsersTables = {
  users: UsersTable;
  user_sessions: UserSessionsTable;
  api_keys: ApiKeysTable;
  sign_in_throttle: SignInThrottleTable;
};
