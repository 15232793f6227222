/**
 * The security headers every HTTP response carries (OWASP ASVS 14.4): no MIME sniffing, never
 * framed, no referrer leaving the origin, HSTS when reached over HTTPS, and a Content-Security-Policy
 * the same-origin web app (Vite + React + Ant Design) and the Swagger UI at /api/docs live with:
 * scripts only from this origin, inline styles allowed (antd's CSS-in-JS injects <style> elements),
 * images and media also from data:/blob: (recordings play from blob URLs), fetch and the event
 * WebSocket only to this origin.
 */
export interface SecurityHeaderContext {
  /** The request reached the platform over HTTPS (its own TLS, or a trusted proxy said so). */
  readonly https: boolean;
  /** The Host the browser used, for the WebSocket source (CSP 'self' does not cover ws: everywhere). */
  readonly host: string | undefined;
}

/** HSTS: one year (ASVS 14.4.5 asks ≥ 1 year); sub-domains are the operator's to decide. */
export const HSTS_VALUE = 'max-age=31536000';

/** A Host header we are willing to echo into the CSP: a name or address and an optional port. */
const HOST_PATTERN = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function contentSecurityPolicy(ctx: SecurityHeaderContext): string {
  const host = ctx.host !== undefined && HOST_PATTERN.test(ctx.host) ? ctx.host : undefined;
  const sockets = host === undefined ? '' : ctx.https ? ` wss://${host}` : ` ws://${host} wss://${host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(ctx: SecurityHeaderContext): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'content-security-policy': contentSecurityPolicy(ctx),
  };
  if (ctx.https) headers['strict-transport-security'] = HSTS_VALUE;
  return headers;
}
