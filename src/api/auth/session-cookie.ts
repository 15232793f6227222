import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax, Path=/. Over HTTPS (the
 * platform's own TLS, a trusted proxy's `X-Forwarded-Proto: https`, or `secureCookies`) it is
 * `Secure` and named with the `__Host-` prefix, which a browser accepts only from a secure origin,
 * with Path=/ and no Domain: a plain-HTTP page or a sibling sub-domain cannot plant or overwrite
 * it. Over HTTPS only the prefixed cookie is read.
 */
export const SESSION_COOKIE = 'hotline_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const COOKIE_PATH = '/';

export function isSecureRequest(ctx: ApiContext, req: FastifyRequest): boolean {
  return ctx.secureCookies ?? req.protocol === 'https';
}

export function sessionCookieName(ctx: ApiContext, req: FastifyRequest): string {
  return isSecureRequest(ctx, req) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The session token this request presented, in the cookie its transport allows. */
export function presentedSessionToken(ctx: ApiContext, req: FastifyRequest): string | undefined {
  return req.cookies[sessionCookieName(ctx, req)];
}

export function setSessionCookie(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(ctx, req), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(ctx, req),
    path: COOKIE_PATH,
    maxAge: Math.floor(ctx.sessionPolicy.lifetimeMs / 1000),
  });
}

export function clearSessionCookie(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(ctx, req), { httpOnly: true, sameSite: 'lax', secure: isSecureRequest(ctx, req), path: COOKIE_PATH });
}
