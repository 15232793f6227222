import type { ApiErrorCode } from '../errors.ts';
import type { Principal } from './principal.ts';
import type { RouteAccess, RouteAccessConfig } from './route-access.ts';
import { RIGHT_PATTERN } from './route-access.ts';

/** The RBAC decision for one request, pure: no database, no request object. */
export type AccessDecision = { allowed: true } | { allowed: false; code: Extract<ApiErrorCode, 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PASSWORD_CHANGE_REQUIRED'> };

const ALLOW: AccessDecision = { allowed: true };

export function authorize(principal: Principal | null, access: RouteAccessConfig, method: string, routeUrl: string): AccessDecision {
  if (access === 'public') return ALLOW;
  if (principal === null) return { allowed: false, code: 'UNAUTHENTICATED' };
  if (principal.kind === 'api-key') {
    const right = apiKeyRightOf(access, method, routeUrl);
    const granted = access.tenantScoped && right !== false && principal.rights.includes(right);
    return granted ? ALLOW : { allowed: false, code: 'FORBIDDEN' };
  }
  // P1: until the first password is replaced, only the routes needed to replace it answer.
  if (principal.mustChangePassword && access.allowPendingPasswordChange !== true) {
    return { allowed: false, code: 'PASSWORD_CHANGE_REQUIRED' };
  }
  if (!access.roles.includes(principal.role)) return { allowed: false, code: 'FORBIDDEN' };
  if (access.tenantScoped && principal.tenantId === null && principal.role !== 'operator_admin') {
    return { allowed: false, code: 'FORBIDDEN' };
  }
  return ALLOW;
}

/** The resource name of a route: the first segment after `/api/v1/` (`/api/v1/rate-plans/:id` → `rate-plans`). */
export function resourceOf(routeUrl: string): string {
  const rest = routeUrl.replace(/^\/api\/v1\/?/, '');
  return rest.split('/')[0] ?? '';
}

export function apiKeyRightOf(access: RouteAccess, method: string, routeUrl: string): string | false {
  if (access.apiKeyRight !== undefined) return access.apiKeyRight;
  const verb = method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD' ? 'read' : 'write';
  return `${resourceOf(routeUrl)}:${verb}`;
}

/** Checks a route's declaration when it is registered; returns the problems (empty when sound). */
export function accessProblems(access: unknown): string[] {
  if (access === 'public') return [];
  if (typeof access !== 'object' || access === null) return ['config.access is missing: declare { roles, tenantScoped } or "public"'];
  const a = access as Partial<RouteAccess>;
  const problems: string[] = [];
  if (!Array.isArray(a.roles) || a.roles.length === 0) problems.push('access.roles must list at least one role');
  if (typeof a.tenantScoped !== 'boolean') problems.push('access.tenantScoped must be true or false');
  if (typeof a.apiKeyRight === 'string' && !new RegExp(RIGHT_PATTERN).test(a.apiKeyRight)) {
    problems.push(`access.apiKeyRight '${a.apiKeyRight}' is not <resource>:read|write`);
  }
  return problems;
}
