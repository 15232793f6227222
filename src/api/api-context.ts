import type {} from '@fastify/cookie';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { UsersSettings } from '../users/users-settings.ts';
import type { PlatformHealth } from './platform-health.ts';
import type { SessionPolicy } from './auth/session-store.ts';
import type { ThrottlePolicy } from './auth/sign-in-throttle.ts';
import type { Principal } from './rbac/principal.ts';
import type { LiveState } from '../events/live-state.ts';
import type { FeedHub } from '../events/feed-hub.ts';
import type { PlatformEvent } from '../events/event-envelope.ts';
import type { CallControl } from '../calls/call-control.ts';
import type { AcdLoader } from '../acd/acd-loader.ts';
import type { InMemoryAcdEngine } from '../acd/in-memory-acd-engine.ts';
import type { RouteAccessConfig } from './rbac/route-access.ts';
import type { Desk } from '../desk/desk.ts';
import type { WallboardPort } from '../wallboard/wallboard-figures.ts';

/** What every route plugin can reach through `fastify.hotline` (decorated on the root instance). */
export interface ApiContext {
  readonly database: Database;
  readonly now: () => Date;
  readonly users: UsersSettings;
  readonly sessionPolicy: SessionPolicy;
  readonly throttlePolicy: ThrottlePolicy;
  /** Treat every request as HTTPS (Secure `__Host-` cookie, HSTS); undefined: when the request came over TLS. */
  readonly secureCookies: boolean | undefined;
  /** Live figures for the operator's health route; undefined when the app runs without a platform (tests). */
  readonly platformHealth: (() => PlatformHealth) | undefined;
  /** HOTLINE_WEBHOOK_PRIVATE_TARGETS: endpoints may be private/loopback (and http:// to them). */
  readonly webhookPrivateTargets: boolean;
  /** Live calls and the event feed; undefined when the app runs without a platform (tests). */
  readonly events: { live: LiveState; feed: FeedHub; publish?: (e: PlatformEvent) => void } | undefined;
  /** HOTLINE_DATA_DIR: tenant audio (prompts) and the TTS cache. */
  readonly dataDir: string;
  /** Every route under /api/v1 as registered (the RBAC and isolation tests walk this). */
  readonly routes: ApiRouteRecord[];
  /** Live calls and their verbs (the B2BUA); absent when the API runs without SIP (tests). */
  readonly calls?: CallControl;
  /** The ACD's engine (agent state, queue figures) and the loader that puts stored changes in it. */
  readonly acd: { engine: InMemoryAcdEngine; loader: AcdLoader };
  /** The agent desk's server side (screen pops, presence); absent when the API runs without a platform (tests). */
  readonly desk?: Desk;
  /** The wallboard's figures (C17); absent when the API runs without a platform (tests). */
  readonly wallboard?: WallboardPort;
}

export interface ApiRouteRecord {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccessConfig;
  readonly schema: Readonly<Record<string, unknown>> | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required under /api/v1); see src/api/rbac/route-access.ts. */
    access?: RouteAccessConfig;
    /** false: the handler runs without the per-request transaction and manages its own writes. */
    transaction?: boolean;
  }
  interface FastifyRequest {
    /** The caller, set before any handler runs; null when anonymous. */
    principal: Principal | null;
    /** The request's transaction (committed when the handler returns, rolled back when it throws). */
    db: Kysely<object>;
    /** True when a session cookie was presented but is expired, revoked or unknown. */
    staleSession: boolean;
  }
  interface FastifyInstance {
    hotline: ApiContext;
  }
}
