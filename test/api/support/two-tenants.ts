/**
 * The usual world of a tenant-scoped API test: tenant acme with 400 number 4006123456, tenant
 * beta with 4006654321, and three signed-in callers — acme's tenant admin and supervisor, and
 * beta's tenant admin to prove isolation.
 */
import { provisionNumber } from '../../../src/numbers/provision-number.ts';
import { createTenant } from '../../../src/tenants/tenant-store.ts';
import type { ApiHarness, Caller } from './api-harness.ts';

export interface TwoTenants {
  /** acme's id. */
  tenantId: string;
  otherTenantId: string;
  admin: Caller;
  supervisor: Caller;
  other: Caller;
}

export async function twoTenants(h: ApiHarness): Promise<TwoTenants> {
  const t = await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test');
  const t2 = await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'y', phone: '2', email: null } }, 'test');
  await provisionNumber(h.db, { number: '4006123456', tenantId: t.id, status: 'active', by: 'test', now: new Date() });
  await provisionNumber(h.db, { number: '4006654321', tenantId: t2.id, status: 'active', by: 'test', now: new Date() });
  return {
    tenantId: t.id,
    otherTenantId: t2.id,
    admin: await h.as(t.id, 'acme-admin', 'tenant_admin'),
    supervisor: await h.as(t.id, 'acme-sup', 'supervisor'),
    other: await h.as(t2.id, 'beta-admin', 'tenant_admin'),
  };
}
