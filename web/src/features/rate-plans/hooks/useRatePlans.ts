import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { assignRatePlan, createRatePlan, deleteRatePlan, fetchRatePlans, fetchTenantPlan, replaceRatePlan } from '../api/rate-plans-api.ts';
import type { RatePlanBody } from '../api/rate-plans-api.ts';

export function useRatePlans() {
  return useQuery({ queryKey: ['rate-plans'], queryFn: fetchRatePlans });
}

export function useTenantPlan(tenantId: string | undefined) {
  return useQuery({ queryKey: ['rate-plans', 'tenant', tenantId], queryFn: () => fetchTenantPlan(tenantId ?? ''), enabled: tenantId !== undefined });
}

export function useRatePlanActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['rate-plans'] });
  const refreshAccounts = () => client.invalidateQueries({ queryKey: ['accounts'] });
  return {
    save: useMutation({ mutationFn: (v: { id?: string; body: RatePlanBody }) => (v.id ? replaceRatePlan(v.id, v.body) : createRatePlan(v.body)), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => deleteRatePlan(id), onSuccess: refresh }),
    assign: useMutation({
      mutationFn: (v: { tenantId: string; ratePlanId: string }) => assignRatePlan(v.tenantId, v.ratePlanId),
      onSuccess: async () => {
        await refresh();
        await refreshAccounts();
      },
    }),
  };
}
