import type { Role } from '../../users/role.ts';

/**
 * What a route declares about who may call it, in its Fastify route `config`:
 *
 *   fastify.get('/numbers/:id', { config: { access: { roles: ['tenant_admin', 'supervisor'], tenantScoped: true } }, schema, handler })
 *
 * Every route under `/api/v1` must declare `access` (or `access: 'public'`); the app refuses to
 * start otherwise, so no route is reachable by accident.
 */
export interface RouteAccess {
  /** The roles of signed-in users allowed to call the route (never empty). */
  readonly roles: readonly Role[];
  /**
   * The route works on the caller's own tenant: the handler takes it from `req.principal.tenantId`
   * (see `tenantIdOf`), never from the body, query or path, and answers 404 for another tenant's ids.
   * For an operator admin (if listed in `roles`) the own tenant is the platform: `tenantId` null.
   */
  readonly tenantScoped: boolean;
  /**
   * The right an API key needs to call this route (keys are bound to one tenant, so only
   * tenant-scoped routes accept them). Default `<resource>:read` for GET/HEAD and
   * `<resource>:write` otherwise, where `<resource>` is the first path segment after `/api/v1/`.
   * `false`: keys may never call the route.
   */
  readonly apiKeyRight?: string | false;
  /** Callable while the user must still change the first password (sign-out, me, change password). */
  readonly allowPendingPasswordChange?: boolean;
}

export type RouteAccessConfig = RouteAccess | 'public';

/** The format of an API-key right: `<resource>:read` or `<resource>:write`. */
export const RIGHT_PATTERN = '^[a-z][a-z0-9-]{0,39}:(read|write)$';
