/** Signing in and out, the session (P1); the password change page is ./change-password.ts (its own chunk). */
export { SignInPage } from './components/SignInPage.tsx';
export { RequireSession } from './components/RequireSession.tsx';
export { LanguageSwitch } from './components/LanguageSwitch.tsx';
export { SESSION_KEY, useSession, useSetSession } from './hooks/useSession.ts';
export { signOut } from './api/session-api.ts';
export type { Role, SessionUser } from './api/session-api.ts';
