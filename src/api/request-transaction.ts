import type { FastifyReply, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';

const WRAPPED = Symbol('hotline.transaction');

type Send = FastifyReply['send'];

/**
 * Wraps a route's handler in one database transaction: `req.db` is the transaction; it commits
 * before the response leaves and rolls back when the handler throws, so a failed request leaves
 * nothing half-written and a client never reads stale data right after a 2xx.
 *
 * A handler may `return` its payload (commit, then Fastify sends it) or call `reply.send()` itself
 * (that send is held until the commit). A reply is thenable — it resolves once the response is
 * out — so the commit cannot simply wait for the handler's promise: `send` triggers it instead.
 */
export function wrapInTransaction(route: RouteOptions, db: Kysely<object>): void {
  const original = route.handler as RouteHandlerMethod & { [WRAPPED]?: true };
  if (original[WRAPPED]) return;
  const wrapped: RouteHandlerMethod & { [WRAPPED]?: true } = async function (this: unknown, req, reply) {
    const trx = await db.startTransaction().execute();
    req.db = trx;
    // One commit however the handler ends (it may send and then return).
    let committing: Promise<void> | undefined;
    const commit = () => (committing ??= trx.commit().execute());
    const ownSend = Object.prototype.hasOwnProperty.call(reply, 'send');
    const send: Send = reply.send;
    const restore = () => {
      if (ownSend) reply.send = send;
      else delete (reply as unknown as { send?: Send }).send;
    };
    reply.send = function heldSend(payload?: unknown) {
      restore();
      void commit().then(
        () => send.call(reply, payload),
        (err: unknown) => send.call(reply, err),
      );
      return reply;
    } as Send;
    try {
      const result: unknown = await original.call(this as never, req, reply);
      restore();
      await commit();
      return result;
    } catch (err) {
      restore();
      if (committing === undefined) await trx.rollback().execute();
      throw err;
    }
  };
  wrapped[WRAPPED] = true;
  route.handler = wrapped;
}
