import type { RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';

const WRAPPED = Symbol('hotline.transaction');

/**
 * Wraps a route's handler in one database transaction: `req.db` is the transaction; it commits when
 * the handler returns and rolls back when it throws, so a failed request leaves nothing half-written.
 * (Handlers return their payload; an error is thrown, never sent by hand.)
 */
export function wrapInTransaction(route: RouteOptions, db: Kysely<object>): void {
  const original = route.handler as RouteHandlerMethod & { [WRAPPED]?: true };
  if (original[WRAPPED]) return;
  const wrapped: RouteHandlerMethod & { [WRAPPED]?: true } = async function (this: unknown, req, reply) {
    return db.transaction().execute(async (trx) => {
      req.db = trx;
      return original.call(this as never, req, reply);
    });
  };
  wrapped[WRAPPED] = true;
  route.handler = wrapped;
}
