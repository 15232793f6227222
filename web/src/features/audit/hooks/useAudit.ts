import { useInfiniteQuery } from '@tanstack/react-query';
import { AUDIT_PAGE, fetchAudit } from '../api/audit-api.ts';
import type { AuditScope } from '../api/audit-api.ts';

/** The log newest first, a page at a time (keyset: entries before the last one shown). */
/** `tenantId` (platform scope): that enterprise's entries instead of the platform's own. */
export function useAudit(scope: AuditScope, action: string, tenantId?: string) {
  return useInfiniteQuery({
    queryKey: ['audit', scope, action, tenantId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchAudit(scope, { action, ...(tenantId ? { tenantId } : {}), ...(pageParam ? { before: pageParam } : {}) }),
    getNextPageParam: (last) => (last.length < AUDIT_PAGE ? undefined : last[last.length - 1]?.at),
    staleTime: 0,
  });
}
