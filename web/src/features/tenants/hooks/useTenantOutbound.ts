import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchOutbound, liftOutboundSuspension, updateOutbound } from '../api/tenants-api.ts';
import type { OutboundChange } from '../api/tenants-api.ts';

/** One enterprise's toll-fraud controls: countries beyond China, outside transfers, a suspension to lift. */
export function useTenantOutbound(id: string) {
  const client = useQueryClient();
  const key = ['tenants', id, 'outbound'];
  const settle = { onSuccess: (data: Awaited<ReturnType<typeof fetchOutbound>>) => client.setQueryData(key, data) };
  return {
    outbound: useQuery({ queryKey: key, queryFn: () => fetchOutbound(id) }),
    update: useMutation({ mutationFn: (body: OutboundChange) => updateOutbound(id, body), ...settle }),
    lift: useMutation({ mutationFn: () => liftOutboundSuspension(id), ...settle }),
  };
}
