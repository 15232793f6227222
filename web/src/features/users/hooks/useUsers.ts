import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeUser, createUser, deleteUser, fetchOwnTenant, fetchUsers } from '../api/users-api.ts';
import type { NewUser, UserChange } from '../api/users-api.ts';

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: fetchUsers });
}

/** The tenant's seats (C32), to show how many agents it may have. */
export function useOwnTenant(enabled: boolean) {
  return useQuery({ queryKey: ['own-tenant'], queryFn: fetchOwnTenant, enabled });
}

export function useUserActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  return {
    create: useMutation({ mutationFn: (u: NewUser) => createUser(u), onSuccess: refresh }),
    change: useMutation({ mutationFn: (v: { id: string; change: UserChange }) => changeUser(v.id, v.change), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => deleteUser(id), onSuccess: refresh }),
  };
}
