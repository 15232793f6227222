import { api, ApiError, setCsrfToken, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type SessionUser = ResponseOf<'/api/v1/auth/me', 'get'>['user'];
export type Role = SessionUser['role'];

/** The signed-in user, or null when there is no live session. */
export async function fetchSession(): Promise<SessionUser | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrfToken);
    return me.user;
  } catch (err) {
    // A pending first-password change still reaches /me; 401 means no session.
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function signInByName(username: string, password: string): Promise<SessionUser> {
  const s = await unwrap(api.POST('/api/v1/auth/sign-in', { body: { username, password } }));
  setCsrfToken(s.csrfToken);
  return s.user;
}

export async function signInByNumber(number: string, password: string): Promise<SessionUser> {
  const s = await unwrap(api.POST('/api/v1/auth/number-sign-in', { body: { number, password } }));
  setCsrfToken(s.csrfToken);
  return s.user;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<SessionUser> {
  const s = await unwrap(api.POST('/api/v1/auth/change-password', { body: { currentPassword, newPassword } }));
  setCsrfToken(s.csrfToken);
  return s.user;
}

export async function signOut(): Promise<void> {
  await unwrap(api.POST('/api/v1/auth/sign-out')).catch(() => undefined);
  setCsrfToken(null);
}
