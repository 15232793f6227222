import { useQuery } from '@tanstack/react-query';
import { fetchPlatformFigures, fetchTenantFigures } from '../api/service-figures-api.ts';
import type { FiguresQuery } from '../api/service-figures-api.ts';

export function useTenantFigures(q: FiguresQuery) {
  return useQuery({ queryKey: ['service-figures', 'tenant', q], queryFn: () => fetchTenantFigures(q) });
}

export function usePlatformFigures(q: FiguresQuery) {
  return useQuery({ queryKey: ['service-figures', 'platform', q], queryFn: () => fetchPlatformFigures(q) });
}
