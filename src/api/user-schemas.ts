import { AGENT_ID_PATTERN, SIP_USERNAME_PATTERN } from '../users/user.ts';
import { MAX_PASSWORD_LENGTH } from '../users/password-policy.ts';
import { Id, Timestamp, Type } from './schema.ts';

/** Schemas of users as the API shows and accepts them (secrets are write-only). */
export const RoleSchema = Type.Union([Type.Literal('operator_admin'), Type.Literal('tenant_admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('qa_reviewer')]);
export const TenantRoleSchema = Type.Union([Type.Literal('tenant_admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('qa_reviewer')]);

export const UserSchema = Type.Object(
  {
    id: Id,
    tenantId: Type.Union([Type.String(), Type.Null()]),
    username: Type.String(),
    role: RoleSchema,
    displayName: Type.String(),
    loginKind: Type.Union([Type.Literal('named'), Type.Literal('number')]),
    mustChangePassword: Type.Boolean(),
    disabled: Type.Boolean(),
    hasPassword: Type.Boolean(),
    agentId: Type.Union([Type.String(), Type.Null()], { description: 'Agent ID (工号)' }),
    sipUsername: Type.Union([Type.String(), Type.Null()]),
    hasSipPassword: Type.Boolean(),
    boundNumber: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

/** Case-insensitive on input (stored lower-case, see USERNAME_PATTERN). */
export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9+][A-Za-z0-9._@+-]{1,63}$' });
export const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
export const AgentId = Type.String({ pattern: AGENT_ID_PATTERN, maxLength: 16 });
export const SipUsername = Type.String({ pattern: SIP_USERNAME_PATTERN, maxLength: 64 });
export const SipPassword = Type.String({ minLength: 8, maxLength: 128 });
export const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', maxLength: 16, description: 'E.164, e.g. +8613800138000' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SessionReply = Type.Object(
  {
    user: UserSchema,
    csrfToken: Type.String({ description: 'Send it back in X-CSRF-Token on every state-changing request' }),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);
