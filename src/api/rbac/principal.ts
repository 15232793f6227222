import type { Role } from '../../users/role.ts';

/** Who is calling: a signed-in user (session cookie) or an integration (API key). */
export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** null for an operator admin (the platform). */
  readonly tenantId: string | null;
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly mustChangePassword: boolean;
}

export interface ApiKeyPrincipal {
  readonly kind: 'api-key';
  readonly keyId: string;
  readonly name: string;
  readonly tenantId: string;
  readonly rights: readonly string[];
}
