import { useQuery } from '@tanstack/react-query';
import type { SessionUser } from '@/features/auth/index.ts';
import { api, unwrap } from '@/shared/api/index.ts';

/** The zone the enterprise's dates are shown in (the operator's pages use the default). */
export function useTenantTimeZone(user: SessionUser): string | undefined {
  const canRead = user.tenantId !== null && (user.role === 'tenant_admin' || user.role === 'supervisor');
  const tenant = useQuery({
    queryKey: ['tenant', 'self'],
    queryFn: () => unwrap(api.GET('/api/v1/tenant')),
    enabled: canRead,
    staleTime: 10 * 60_000,
  });
  return tenant.data?.timeZone;
}
