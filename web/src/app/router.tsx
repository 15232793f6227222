import { Suspense, lazy } from 'react';
import { Spin } from 'antd';
import { Navigate, createBrowserRouter } from 'react-router-dom';
import { RequireSession, SignInPage, useSession } from '@/features/auth/index.ts';
import { homeOf } from './menus.tsx';

// Every page but sign-in is its own chunk, loaded when first visited (first load stays small): the
// shell too, so the sign-in page does not carry the menu and layout.
const AppShell = lazy(() => import('./AppShell.tsx').then((m) => ({ default: m.AppShell })));
const ChangePasswordPage = lazy(() => import('@/features/auth/change-password.ts').then((m) => ({ default: m.ChangePasswordPage })));
const NotFound = lazy(() => import('./NotFound.tsx').then((m) => ({ default: m.NotFound })));
const DashboardPage = lazy(() => import('@/features/dashboard/index.ts').then((m) => ({ default: m.DashboardPage })));
const CallRecordsPage = lazy(() => import('@/features/call-records/index.ts').then((m) => ({ default: m.CallRecordsPage })));
const SpendingPage = lazy(() => import('@/features/spending/index.ts').then((m) => ({ default: m.SpendingPage })));
const NumbersPage = lazy(() => import('@/features/numbers/index.ts').then((m) => ({ default: m.NumbersPage })));
const TenantsPage = lazy(() => import('@/features/tenants/index.ts').then((m) => ({ default: m.TenantsPage })));
const NumberPoolPage = lazy(() => import('@/features/number-pool/index.ts').then((m) => ({ default: m.NumberPoolPage })));
const ComingSoon = lazy(() => import('./ComingSoon.tsx'));

function PageLoading() {
  return <Spin fullscreen />;
}

function Home() {
  const session = useSession();
  return session.data ? <Navigate to={homeOf(session.data.role)} replace /> : null;
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/change-password', element: <RequireSession>{() => <Suspense fallback={<PageLoading />}><ChangePasswordPage /></Suspense>}</RequireSession> },
  {
    path: '/',
    element: <RequireSession>{(user) => <Suspense fallback={<PageLoading />}><AppShell user={user} /></Suspense>}</RequireSession>,
    children: [
      { index: true, element: <Home /> },
      { path: 'portal/dashboard', element: <DashboardPage /> },
      { path: 'portal/call-records', element: <CallRecordsPage /> },
      { path: 'portal/spending', element: <SpendingPage /> },
      { path: 'portal/numbers/:number?', element: <NumbersPage /> },
      { path: 'operator/tenants', element: <TenantsPage /> },
      { path: 'operator/numbers', element: <NumberPoolPage /> },
      { path: 'desk', element: <ComingSoon title="nav.agentDesk" /> },
      { path: 'wallboard', element: <ComingSoon title="nav.wallboard" /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
