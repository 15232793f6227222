import { ApiError } from '@/shared/api/index.ts';

/**
 * The problems of a refused policy or flow as `path: message` lines: the domain's own checks send
 * `details.problems`, the request schema sends `details.issues`.
 */
export function problemsOf(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const details = (err.details ?? {}) as { problems?: unknown; issues?: unknown };
  if (Array.isArray(details.problems)) return details.problems.map(String);
  if (Array.isArray(details.issues)) return (details.issues as { path?: string; message?: string }[]).map((i) => `${i.path || '/'}: ${i.message ?? ''}`);
  return [err.message];
}
