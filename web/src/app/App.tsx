import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp } from 'antd';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router-dom';
import { SESSION_KEY } from '@/features/auth/index.ts';
import { ApiError, onSessionExpired } from '@/shared/api/index.ts';
import { I18nProvider } from '@/shared/i18n/index.ts';
import { router } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

/** When the session ends under the user's feet: to sign-in, and back to this very page after. */
function useSessionExpiry() {
  useEffect(() => {
    onSessionExpired(() => {
      const { pathname, search } = window.location;
      if (pathname.startsWith('/sign-in')) return;
      void router.navigate(`/sign-in?expired=1&next=${encodeURIComponent(pathname + search)}`, { replace: true });
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    });
    return () => onSessionExpired(undefined);
  }, []);
}

export function App() {
  useSessionExpiry();
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdApp>
          <RouterProvider router={router} />
        </AntdApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
