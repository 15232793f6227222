import { ApiError } from '@/shared/api/index.ts';
import type { Translate } from '@/shared/i18n/index.ts';

/** A sign-in or password error in the user's words. */
export function authErrorText(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return t('app.error', { message: err instanceof Error ? err.message : String(err) });
  switch (err.code) {
    case 'INVALID_CREDENTIALS':
    case 'VALIDATION_FAILED':
      return t('auth.invalidCredentials');
    case 'SIGN_IN_LOCKED': {
      const seconds = (err.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds ?? 900;
      return t('auth.locked', { minutes: Math.ceil(seconds / 60) });
    }
    case 'ACCOUNT_DISABLED':
      return t('auth.disabled');
    case 'WEAK_PASSWORD': {
      const problems = (err.details as { problems?: string[] } | null)?.problems ?? [];
      return t('auth.weakPassword', { problems: problems.join('; ') || err.message });
    }
    default:
      return t('app.error', { message: err.message });
  }
}

/** Where to go after signing in: the page the user was sent away from, if it is one of ours. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}
