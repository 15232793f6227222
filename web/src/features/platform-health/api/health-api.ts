import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type PlatformHealth = ResponseOf<'/api/v1/platform/health', 'get'>;

export const fetchHealth = () => unwrap(api.GET('/api/v1/platform/health'));

/** Polled every few seconds while the page is open. */
export function usePlatformHealth() {
  return useQuery({ queryKey: ['platform-health'], queryFn: fetchHealth, refetchInterval: 3000, staleTime: 0 });
}
