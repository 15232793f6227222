import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTransaction } from '../../db/transaction.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../users/password.ts';
import { toUser } from '../../users/user.ts';
import type { User } from '../../users/user.ts';
import { findUserRowByUsername, usersDb } from '../../users/user-store.ts';
import type { ApiContext } from '../api-context.ts';
import { ApiError } from '../errors.ts';
import { presentedSessionToken, setSessionCookie } from './session-cookie.ts';
import { createSession, revokeSessionByToken } from './session-store.ts';
import { accountKey, addressKey, confirmFailure, releaseAttempt, reserveAttempt } from './sign-in-throttle.ts';

export interface SignedIn {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface SignInAttempt {
  /** The account's user name (for a 400-number login: the number). */
  username: string;
  password: string;
  /** When the login names a tenant (400-number sign-in): the user must belong to it. */
  tenantId?: string;
}

const decoys = new WeakMap<ApiContext, Promise<string>>();

function decoyFor(ctx: ApiContext): Promise<string> {
  let decoy = decoys.get(ctx);
  if (!decoy) decoys.set(ctx, (decoy = decoyHash(ctx.users.scrypt)));
  return decoy;
}

/**
 * Checks a password sign-in and opens a session. Runs outside the request transaction: a failure
 * must be counted even though the request fails. The attempt is counted (reserved) before the
 * password is looked at and given back only when it proves right, so parallel guesses cannot all
 * slip past the lock; an unknown user costs the same scrypt time as a known one.
 */
export async function signIn(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply, attempt: SignInAttempt): Promise<SignedIn> {
  const db = ctx.database.db;
  const now = ctx.now();
  const account = accountKey(attempt.username);
  const address = addressKey(req.ip);
  const keys = [account, address];
  const reservation = await reserveAttempt(db, keys, now, ctx.throttlePolicy);
  if (!reservation.granted) {
    throw new ApiError('SIGN_IN_LOCKED', undefined, { retryAfterSeconds: Math.ceil((reservation.lockedUntil.getTime() - now.getTime()) / 1000) });
  }
  const row = await findUserRowByUsername(db, attempt.username);
  const tenantOk = attempt.tenantId === undefined || row?.tenant_id === attempt.tenantId;
  const hash = row?.password_hash ?? (await decoyFor(ctx));
  const passwordOk = await verifyPassword(attempt.password, hash);
  if (!row || !tenantOk || row.password_hash === null || !passwordOk) {
    await confirmFailure(db, keys, now, ctx.throttlePolicy);
    throw new ApiError('INVALID_CREDENTIALS');
  }
  if (row.disabled === 1) throw new ApiError('ACCOUNT_DISABLED');
  const presented = presentedSessionToken(ctx, req);
  const session = await withTransaction(db, async (trx) => {
    await releaseAttempt(trx, account, address);
    // Session rotation: whatever session this browser had before dies; a fixed token cannot survive sign-in.
    if (presented) await revokeSessionByToken(trx, presented, now);
    if (needsRehash(row.password_hash ?? '', ctx.users.scrypt)) {
      const rehashed = await hashPassword(attempt.password, ctx.users.scrypt);
      await usersDb(trx).updateTable('users').set({ password_hash: rehashed }).where('id', '=', row.id).execute();
    }
    return createSession(trx, row.id, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, now, ctx.sessionPolicy);
  });
  setSessionCookie(ctx, req, reply, session.token);
  return { user: toUser(row), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
