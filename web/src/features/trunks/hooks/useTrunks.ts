import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTrunk, deleteTrunk, fetchTrunks, replaceTrunk } from '../api/trunks-api.ts';
import type { TrunkBody } from '../api/trunks-api.ts';

export function useTrunks() {
  return useQuery({ queryKey: ['trunks'], queryFn: fetchTrunks });
}

export function useTrunkActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['trunks'] });
  return {
    save: useMutation({ mutationFn: (v: { id?: string; body: TrunkBody }) => (v.id ? replaceTrunk(v.id, v.body) : createTrunk(v.body)), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => deleteTrunk(id), onSuccess: refresh }),
  };
}
