import { Suspense, lazy } from 'react';
import { Spin } from 'antd';
import { Navigate, createBrowserRouter } from 'react-router-dom';
import { RequireSession, SignInPage, useSession } from '@/features/auth/index.ts';
import { homeOf } from './menus.tsx';

// Every page but sign-in is its own chunk, loaded when first visited (first load stays small): the
// shell too, so the sign-in page does not carry the menu and layout.
const loadShell = () => import('./AppShell.tsx');
const PAGES = {
  '/portal/dashboard': () => import('@/features/dashboard/index.ts'),
  '/portal/call-records': () => import('@/features/call-records/index.ts'),
  '/portal/spending': () => import('@/features/spending/index.ts'),
  '/portal/numbers': () => import('@/features/numbers/index.ts'),
  '/portal/analysis': () => import('@/features/call-analysis/index.ts'),
  '/portal/prompts': () => import('@/features/prompts/index.ts'),
  '/portal/voicemail': () => import('@/features/voicemail/index.ts'),
  '/portal/users': () => import('@/features/users/index.ts'),
  '/portal/api-keys': () => import('@/features/api-keys/index.ts'),
  '/portal/audit': () => import('@/features/audit/index.ts'),
  '/portal/documents': () => import('@/features/tenant-documents/index.ts'),
  '/operator/tenants': () => import('@/features/tenants/index.ts'),
  '/operator/numbers': () => import('@/features/number-pool/index.ts'),
  '/portal/service-figures': () => import('@/features/service-figures/index.ts'),
  '/operator/service-figures': () => import('@/features/service-figures/index.ts'),
  '/operator/trunks': () => import('@/features/trunks/index.ts'),
  '/operator/rate-plans': () => import('@/features/rate-plans/index.ts'),
  '/operator/accounts': () => import('@/features/accounts/index.ts'),
  '/operator/health': () => import('@/features/platform-health/index.ts'),
  '/supervision': () => import('@/features/supervision/index.ts'),
  '/desk': () => import('@/features/desk/index.ts'),
};

// A page opened directly (a link, a reload, back from sign-in) fetches its chunks at once, in
// parallel with the session check, instead of one after the other.
if (!window.location.pathname.startsWith('/sign-in')) {
  void loadShell();
  const page = Object.entries(PAGES).find(([path]) => window.location.pathname.startsWith(path));
  if (page) void page[1]();
}

const AppShell = lazy(() => loadShell().then((m) => ({ default: m.AppShell })));
const ChangePasswordPage = lazy(() => import('@/features/auth/change-password.ts').then((m) => ({ default: m.ChangePasswordPage })));
const NotFound = lazy(() => import('./NotFound.tsx').then((m) => ({ default: m.NotFound })));
const DashboardPage = lazy(() => PAGES['/portal/dashboard']().then((m) => ({ default: m.DashboardPage })));
const CallRecordsPage = lazy(() => PAGES['/portal/call-records']().then((m) => ({ default: m.CallRecordsPage })));
const SpendingPage = lazy(() => PAGES['/portal/spending']().then((m) => ({ default: m.SpendingPage })));
const NumbersPage = lazy(() => PAGES['/portal/numbers']().then((m) => ({ default: m.NumbersPage })));
const DocumentsPage = lazy(() => PAGES['/portal/documents']().then((m) => ({ default: m.DocumentsPage })));
const TenantsPage = lazy(() => PAGES['/operator/tenants']().then((m) => ({ default: m.TenantsPage })));
const NumberPoolPage = lazy(() => PAGES['/operator/numbers']().then((m) => ({ default: m.NumberPoolPage })));
const ServiceFiguresPage = lazy(() => PAGES['/portal/service-figures']().then((m) => ({ default: m.ServiceFiguresPage })));
const PlatformFiguresPage = lazy(() => PAGES['/operator/service-figures']().then((m) => ({ default: m.PlatformFiguresPage })));
const CallAnalysisPage = lazy(() => PAGES['/portal/analysis']().then((m) => ({ default: m.CallAnalysisPage })));
const PromptsPage = lazy(() => PAGES['/portal/prompts']().then((m) => ({ default: m.PromptsPage })));
const VoicemailPage = lazy(() => PAGES['/portal/voicemail']().then((m) => ({ default: m.VoicemailPage })));
const UsersPage = lazy(() => PAGES['/portal/users']().then((m) => ({ default: m.UsersPage })));
const ApiKeysPage = lazy(() => PAGES['/portal/api-keys']().then((m) => ({ default: m.ApiKeysPage })));
const AuditLogPage = lazy(() => PAGES['/portal/audit']().then((m) => ({ default: m.AuditLogPage })));
const TrunksPage = lazy(() => PAGES['/operator/trunks']().then((m) => ({ default: m.TrunksPage })));
const RatePlansPage = lazy(() => PAGES['/operator/rate-plans']().then((m) => ({ default: m.RatePlansPage })));
const AccountsPage = lazy(() => PAGES['/operator/accounts']().then((m) => ({ default: m.AccountsPage })));
const HealthPage = lazy(() => PAGES['/operator/health']().then((m) => ({ default: m.HealthPage })));
const SupervisionPage = lazy(() => PAGES['/supervision']().then((m) => ({ default: m.SupervisionPage })));
const DeskPage = lazy(() => PAGES['/desk']().then((m) => ({ default: m.DeskPage })));
const QualityPage = lazy(() => import('@/features/quality/index.ts').then((m) => ({ default: m.QualityPage })));
const WallboardPage = lazy(() => import('@/features/wallboard/index.ts').then((m) => ({ default: m.WallboardPage })));
const AnnouncementsPage = lazy(() => import('@/features/announcements/index.ts').then((m) => ({ default: m.AnnouncementsPage })));

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
  // The wallboard's big-screen mode: a TV on the wall — no menu, no header.
  { path: '/wallboard/tv', element: <RequireSession>{() => <Suspense fallback={<PageLoading />}><WallboardPage tv /></Suspense>}</RequireSession> },
  {
    path: '/',
    element: <RequireSession>{(user) => <Suspense fallback={<PageLoading />}><AppShell user={user} /></Suspense>}</RequireSession>,
    children: [
      { index: true, element: <Home /> },
      { path: 'portal/dashboard', element: <DashboardPage /> },
      { path: 'portal/call-records', element: <CallRecordsPage /> },
      { path: 'portal/spending', element: <SpendingPage /> },
      { path: 'portal/numbers/:number?', element: <NumbersPage /> },
      { path: 'portal/analysis', element: <CallAnalysisPage /> },
      { path: 'portal/prompts', element: <PromptsPage /> },
      { path: 'portal/voicemail', element: <VoicemailPage /> },
      { path: 'portal/users', element: <UsersPage /> },
      { path: 'portal/api-keys', element: <ApiKeysPage /> },
      { path: 'portal/audit', element: <AuditLogPage scope="tenant" /> },
      { path: 'portal/documents', element: <DocumentsPage /> },
      { path: 'operator/tenants', element: <TenantsPage /> },
      { path: 'operator/numbers', element: <NumberPoolPage /> },
      { path: 'portal/service-figures', element: <ServiceFiguresPage /> },
      { path: 'operator/service-figures', element: <PlatformFiguresPage /> },
      { path: 'supervision', element: <SupervisionPage /> },
      { path: 'quality', element: <QualityPage /> },
      { path: 'announcements', element: <AnnouncementsPage /> },
      { path: 'operator/trunks', element: <TrunksPage /> },
      { path: 'operator/rate-plans', element: <RatePlansPage /> },
      { path: 'operator/accounts', element: <AccountsPage /> },
      { path: 'operator/users', element: <UsersPage /> },
      { path: 'operator/audit', element: <AuditLogPage scope="platform" /> },
      { path: 'operator/health', element: <HealthPage /> },
      { path: 'wallboard', element: <WallboardPage /> },
      { path: 'desk', element: <DeskPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
