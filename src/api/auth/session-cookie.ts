import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure under TLS or when configured. */
export const SESSION_COOKIE = 'hotline_session';
const COOKIE_PATH = '/api';

function secure(ctx: ApiContext, req: FastifyRequest): boolean {
  return ctx.secureCookies ?? req.protocol === 'https';
}

export function setSessionCookie(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(ctx, req),
    path: COOKIE_PATH,
    maxAge: Math.floor(ctx.sessionPolicy.lifetimeMs / 1000),
  });
}

export function clearSessionCookie(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(ctx, req), path: COOKIE_PATH });
}
