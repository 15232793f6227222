/**
 * A tenant's life: pending (signed up, documents being checked) → active ⇄ suspended → closed.
 * Closed is final: the tenant's numbers are released and its history kept.
 */

export const TENANT_STATUSES = ['pending', 'active', 'suspended', 'closed'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

const NEXT: Readonly<Record<TenantStatus, readonly TenantStatus[]>> = {
  pending: ['active', 'closed'],
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  closed: [],
};

export function canChangeTenantStatus(from: TenantStatus, to: TenantStatus): boolean {
  return NEXT[from].includes(to);
}
