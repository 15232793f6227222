import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { fetchCallRecords, fetchOwnNumbers } from '../api/call-records-api.ts';
import type { CallRecordQuery } from '../api/call-records-api.ts';

/** Keyset pages of the filtered records, newest first; `fetchNextPage` loads the next one. */
export function useCallRecords(query: CallRecordQuery) {
  return useInfiniteQuery({
    queryKey: ['call-records', query],
    queryFn: ({ pageParam }) => fetchCallRecords(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOwnNumbers() {
  return useQuery({ queryKey: ['numbers', 'own'], queryFn: fetchOwnNumbers, staleTime: 5 * 60_000 });
}
