/**
 * The rights an API key can be given: exactly those some route asks of a key (tenant-scoped
 * routes that keys may call, `<resource>:read|write`). A right no route asks for would be accepted
 * and grant nothing — a key that silently does less than its holder believes — so it is refused.
 */
import type { ApiRouteRecord } from '../api-context.ts';
import { apiKeyRightOf } from './policy.ts';

export function grantableRights(routes: readonly ApiRouteRecord[]): string[] {
  const rights = new Set<string>();
  for (const r of routes) {
    if (r.access === 'public' || !r.access.tenantScoped) continue;
    const right = apiKeyRightOf(r.access, r.method, r.url);
    if (right !== false) rights.add(right);
  }
  return [...rights].sort();
}
