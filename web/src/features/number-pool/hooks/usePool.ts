import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { activateNumber, assignNumber, issueNumberLogin, searchPool } from '../api/pool-api.ts';
import type { PoolQuery } from '../api/pool-api.ts';

/** N5: pattern search over the pool in keyset pages. */
export function usePoolSearch(query: PoolQuery) {
  return useInfiniteQuery({
    queryKey: ['pool', query],
    queryFn: ({ pageParam }) => searchPool(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** N2: assign (→ pending activation) and activate. */
export function usePoolActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['pool'] });
  return {
    assign: useMutation({ mutationFn: (v: { number: string; tenantId: string; reason: string }) => assignNumber(v.number, v.tenantId, v.reason), onSuccess: refresh }),
    activate: useMutation({ mutationFn: (v: { number: string; reason: string }) => activateNumber(v.number, v.reason), onSuccess: refresh }),
    issueLogin: useMutation({ mutationFn: (number: string) => issueNumberLogin(number) }),
  };
}
