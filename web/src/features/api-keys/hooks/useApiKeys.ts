import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createApiKey, fetchApiKeys, fetchRights, revokeApiKey } from '../api/api-keys-api.ts';
import type { NewApiKey } from '../api/api-keys-api.ts';

export function useApiKeys() {
  return useQuery({ queryKey: ['api-keys'], queryFn: fetchApiKeys });
}

/** The rights a key can have: exactly the resource:verb pairs some route answers to. */
export function useRights() {
  return useQuery({ queryKey: ['api-keys', 'rights'], queryFn: fetchRights, staleTime: Infinity });
}

export function useApiKeyActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['api-keys'] });
  return {
    create: useMutation({ mutationFn: (k: NewApiKey) => createApiKey(k), onSuccess: refresh }),
    revoke: useMutation({ mutationFn: (id: string) => revokeApiKey(id), onSuccess: refresh }),
  };
}
