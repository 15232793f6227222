import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchAccount, fetchStatement, postAdjustment, postTopUp } from '../api/accounts-api.ts';

export function useAccount(id: string | undefined) {
  return useQuery({ queryKey: ['accounts', id], queryFn: () => fetchAccount(id ?? ''), enabled: id !== undefined });
}

export function useStatement(id: string | undefined, month: string) {
  return useQuery({ queryKey: ['accounts', id, 'statement', month], queryFn: () => fetchStatement(id ?? '', month), enabled: id !== undefined });
}

export function usePostings(id: string | undefined) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['accounts', id] });
  return {
    topUp: useMutation({ mutationFn: (v: { amountLi: number; reference?: string; note?: string }) => postTopUp(id ?? '', v), onSuccess: refresh }),
    adjust: useMutation({ mutationFn: (v: { amountLi: number; note: string }) => postAdjustment(id ?? '', v), onSuccess: refresh }),
  };
}
