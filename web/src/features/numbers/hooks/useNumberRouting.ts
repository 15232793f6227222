import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchCaps, fetchFlow, fetchLibraryPrompts, fetchOwnNumbers, fetchRouting, putBoundPhones, putCaps, putFlow, putPolicy } from '../api/numbers-api.ts';
import type { BoundPhone, Caps, NumberFlow, NumberPolicy } from '../api/numbers-api.ts';

export function useOwnNumbers() {
  return useQuery({ queryKey: ['own-numbers'], queryFn: fetchOwnNumbers });
}

export function useRouting(number: string) {
  return useQuery({ queryKey: ['routing', number], queryFn: () => fetchRouting(number) });
}

/** The bound phones were refused (the policy was not sent). */
export class BoundPhonesRefused extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** Bound phones first (the policy's weights name them), then the policy; both effective for the next call. */
export function useSaveRouting(number: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (v: { phones: BoundPhone[]; policy: NumberPolicy }) => {
      await putBoundPhones(number, v.phones).catch((err: unknown) => {
        throw new BoundPhonesRefused(err);
      });
      return putPolicy(number, v.policy);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['routing', number] }),
  });
}

export function useCaps(number: string) {
  return useQuery({ queryKey: ['caps', number], queryFn: () => fetchCaps(number) });
}

export function useSaveCaps(number: string) {
  const client = useQueryClient();
  return useMutation({ mutationFn: (caps: Caps) => putCaps(number, caps), onSuccess: (data) => client.setQueryData(['caps', number], data) });
}

export function useFlow(number: string) {
  return useQuery({ queryKey: ['flow', number], queryFn: () => fetchFlow(number) });
}

export function useSaveFlow(number: string) {
  const client = useQueryClient();
  return useMutation({ mutationFn: (flow: NumberFlow) => putFlow(number, flow), onSuccess: (data) => client.setQueryData(['flow', number], data) });
}

export function useLibraryPrompts() {
  return useQuery({ queryKey: ['prompts'], queryFn: fetchLibraryPrompts });
}
