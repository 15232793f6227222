import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { TypeBoxValidatorCompiler, registerAjvFormats } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Database } from '../db/database.ts';
import type { ScryptParams } from '../users/password.ts';
import { usersSettings } from '../users/users-settings.ts';
import type { ApiContext } from './api-context.ts';
import type { CallControl } from '../calls/call-control.ts';
import { AcdLoader } from '../acd/acd-loader.ts';
import { InMemoryAcdEngine } from '../acd/in-memory-acd-engine.ts';
import { systemClock } from '../kernel/clock.ts';
import type { Kysely } from 'kysely';
import { accessHook } from './auth/access-hook.ts';
import { DEFAULT_SESSION_POLICY } from './auth/session-store.ts';
import type { SessionPolicy } from './auth/session-store.ts';
import { DEFAULT_THROTTLE_POLICY } from './auth/sign-in-throttle.ts';
import type { ThrottlePolicy } from './auth/sign-in-throttle.ts';
import { toErrorReply } from './error-body.ts';
import { registerOpenApi } from './openapi.ts';
import { DEFAULT_WEB_ROOT, hasWebApp, registerWebApp, sendAppPage, wantsAppPage } from './web-app.ts';
import { accessProblems } from './rbac/policy.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrapInTransaction } from './request-transaction.ts';
import { loadRoutePlugins } from './route-loader.ts';
import { API_PREFIX } from './route-plugin.ts';
import { ErrorBody } from './schema.ts';
import { securityHeaders } from './security-headers.ts';
import type { PlatformHealth } from './platform-health.ts';

export interface BuildAppOptions {
  db: Database;
  logger?: boolean;
  /** Treat every request as reached over HTTPS (Secure `__Host-` cookie, HSTS); default: when the request is https (own TLS or a trusted proxy's X-Forwarded-Proto). */
  secureCookies?: boolean;
  /** The live figures behind `GET /api/v1/platform/health` (the composition root supplies them). */
  platformHealth?: () => PlatformHealth;
  /** The clock (tests inject a fake one). */
  now?: () => Date;
  /** The SIP digest realm agents' phones use (HA1 values are computed for it). */
  sipRealm?: string;
  /** Password hashing cost (tests use TEST_SCRYPT). */
  scrypt?: ScryptParams;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: ThrottlePolicy;
  /** Trust X-Forwarded-For/-Proto only from these proxies (addresses or CIDR prefixes; Fastify's `trustProxy`), for the client address and scheme. */
  trustProxy?: boolean | string | string[];
  /** Webhook endpoints may be private/loopback addresses (HOTLINE_WEBHOOK_PRIVATE_TARGETS); default false. */
  webhookPrivateTargets?: boolean;
  /** Live calls and the event feed (the composition root supplies them). */
  events?: ApiContext['events'];
  /** Another folder of route plugins (tests); default `src/api/routes/`. */
  routesFolder?: string;
  /** The built web app served at `/` (default `web/dist` when built; `null`: none). */
  webRoot?: string | null;
  /** Live calls and their verbs (the B2BUA); absent → the call-control routes find no call (404). */
  calls?: CallControl;
  /** The ACD (the composition root's, with its events and the registrar); default: an engine of its own on the system clock, phones always reachable (tests). */
  acd?: ApiContext['acd'];
  /** The agent desk's server side (the composition root's); absent → the desk routes answer 404. */
  desk?: ApiContext['desk'];
  /** The wallboard's figures (the composition root's); absent → GET /wallboard answers 404. */
  wallboard?: ApiContext['wallboard'];
  /** HOTLINE_DATA_DIR: tenant audio (the prompts library) and the TTS cache live under it. Default: a fresh temporary folder (tests). */
  dataDir?: string;
}

/** Largest request body: big enough for any form, small enough that a flood cannot exhaust memory. */
const BODY_LIMIT = 256 * 1024;

/** Builds the HTTP API (not listening): `await app.listen(...)` or `app.inject(...)`. */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  registerAjvFormats();
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: BODY_LIMIT, trustProxy: opts.trustProxy ?? false }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // A cross-site HTML form can post text/plain without a CORS preflight: accept JSON only.
  app.removeContentTypeParser('text/plain');
  const now = opts.now ?? (() => new Date());
  const ctx: ApiContext = {
    database: opts.db,
    now,
    users: usersSettings({ now, ...(opts.sipRealm ? { sipRealm: opts.sipRealm } : {}), ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) }),
    sessionPolicy: opts.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    throttlePolicy: opts.throttlePolicy ?? DEFAULT_THROTTLE_POLICY,
    secureCookies: opts.secureCookies,
    platformHealth: opts.platformHealth,
    events: opts.events,
    dataDir: opts.dataDir ?? mkdtempSync(join(tmpdir(), 'hotline-api-data-')),
    webhookPrivateTargets: opts.webhookPrivateTargets ?? false,
    routes: [],
    ...(opts.calls ? { calls: opts.calls } : {}),
    ...(opts.wallboard ? { wallboard: opts.wallboard } : {}),
    acd: opts.acd ?? standaloneAcd(opts.db.db),
    ...(opts.desk ? { desk: opts.desk } : {}),
  };
  app.decorate('hotline', ctx);
  app.decorateRequest('principal', null);
  app.decorateRequest('db', null as never);
  app.decorateRequest('staleSession', false);
  await app.register(cookie);
  // The event feed (GET /api/v1/events): frames up to 64 KiB from clients (they send only small control messages).
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const webRoot = opts.webRoot === undefined ? (hasWebApp(DEFAULT_WEB_ROOT) ? DEFAULT_WEB_ROOT : null) : opts.webRoot;
  installErrorHandling(app as unknown as FastifyInstance, webRoot);
  app.addHook('onRoute', (route) => onApiRoute(ctx, route as RouteOptions));
  app.addHook('onRequest', async (req, reply) => {
    // First, so that every answer — errors, 404s, the docs' static files — carries them.
    void reply.headers(securityHeaders({ https: ctx.secureCookies ?? req.protocol === 'https', host: req.headers.host }));
    req.db = ctx.database.db;
    await accessHook(ctx, req);
  });
  await registerOpenApi(app as unknown as FastifyInstance);
  for (const { plugin } of await loadRoutePlugins(opts.routesFolder)) {
    await app.register(plugin, { prefix: API_PREFIX });
  }
  if (webRoot) await registerWebApp(app as unknown as FastifyInstance, webRoot);
  await app.ready();
  return app as unknown as FastifyInstance;
}

/** Every /api/v1 route: access declared (or the start fails), recorded, wrapped in a transaction. */
function onApiRoute(ctx: ApiContext, route: RouteOptions): void {
  if (!route.url.startsWith(API_PREFIX)) return;
  const access = route.config?.access;
  const problems = accessProblems(access);
  if (problems.length > 0 || access === undefined) throw new Error(`${String(route.method)} ${route.url}: ${problems.join('; ')}`);
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  for (const method of methods) ctx.routes.push({ method, url: route.url, access, schema: route.schema as Record<string, unknown> | undefined });
  if (route.config?.transaction !== false) wrapInTransaction(route, ctx.database.db);
  const schema = (route.schema ??= {});
  schema.response = { '4xx': ErrorBody, ...(schema.response as object | undefined) };
  if (access === 'public') (schema as { security?: unknown }).security = [];
}

function installErrorHandling(app: FastifyInstance, webRoot: string | null): void {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorReply(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    const retry = (body.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    // A page of the web app (/portal/call-records …) opened directly or reloaded: its index.html.
    if (webRoot && wantsAppPage(req)) return sendAppPage(reply, webRoot);
    return reply.code(404).send({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0] ?? ''}`, details: null });
  });
}

/** An ACD for an API without a platform (tests, tools): no events, no registrar. */
function standaloneAcd(db: Kysely<object>): ApiContext['acd'] {
  const engine = new InMemoryAcdEngine({ clock: systemClock });
  return { engine, loader: new AcdLoader(db, engine) };
}
