import { useInfiniteQuery } from '@tanstack/react-query';
import { AUDIT_PAGE, fetchAudit } from '../api/audit-api.ts';
import type { AuditScope } from '../api/audit-api.ts';

/** The log newest first, a page at a time (keyset: entries before the last one shown). */
export function useAudit(scope: AuditScope, action: string) {
  return useInfiniteQuery({
    queryKey: ['audit', scope, action],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchAudit(scope, { action, ...(pageParam ? { before: pageParam } : {}) }),
    getNextPageParam: (last) => (last.length < AUDIT_PAGE ? undefined : last[last.length - 1]?.at),
    staleTime: 0,
  });
}
