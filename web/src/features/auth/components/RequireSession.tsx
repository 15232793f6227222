import { Alert, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '@/shared/i18n/index.ts';
import type { SessionUser } from '../api/session-api.ts';
import { useSession } from '../hooks/useSession.ts';

/**
 * Renders its children for a signed-in user; otherwise to sign-in, keeping the place (`next`) so
 * the user comes back to it — also when the session expires while they work.
 */
export function RequireSession({ children }: { children: (user: SessionUser) => ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spin fullscreen tip={t('app.loading')} />;
  if (session.isError) return <Alert type="error" showIcon message={t('app.error', { message: session.error.message })} style={{ margin: 24 }} />;
  const here = `${location.pathname}${location.search}`;
  if (!session.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(here)}`} replace />;
  if (session.data.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children(session.data)}</>;
}
