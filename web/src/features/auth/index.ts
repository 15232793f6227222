/** Signing in and out, the session, and the password change (P1). */
export { SignInPage } from './components/SignInPage.tsx';
export { ChangePasswordPage } from './components/ChangePasswordPage.tsx';
export { RequireSession } from './components/RequireSession.tsx';
export { LanguageSwitch } from './components/LanguageSwitch.tsx';
export { SESSION_KEY, useSession, useSetSession } from './hooks/useSession.ts';
export { signOut } from './api/session-api.ts';
export type { Role, SessionUser } from './api/session-api.ts';
