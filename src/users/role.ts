/**
 * The platform's roles. The operator admin runs the platform and belongs to no tenant; the others
 * belong to exactly one tenant (enterprise). A QA reviewer (质检员) scores recorded calls (C19) and sees
 * nothing else of the portal.
 */
export const ROLES = ['operator_admin', 'tenant_admin', 'supervisor', 'agent', 'qa_reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const TENANT_ROLES = ['tenant_admin', 'supervisor', 'agent', 'qa_reviewer'] as const satisfies readonly Role[];
export type TenantRole = (typeof TENANT_ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isTenantRole(role: Role): role is TenantRole {
  return role !== 'operator_admin';
}
