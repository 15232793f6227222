import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchSession } from '../api/session-api.ts';
import type { SessionUser } from '../api/session-api.ts';

export const SESSION_KEY = ['session'] as const;

/** The signed-in user (null: nobody), loaded once and kept until sign-in/out or expiry changes it. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

/** Sets the session after a sign-in, password change, sign-out or expiry; other data is dropped on a change of user. */
export function useSetSession(): (user: SessionUser | null) => void {
  const client = useQueryClient();
  return useCallback(
    (user) => {
      const before = client.getQueryData<SessionUser | null>(SESSION_KEY);
      if (!user || before?.id !== user.id) client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, user);
    },
    [client],
  );
}
