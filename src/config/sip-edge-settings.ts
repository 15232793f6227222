/** The SIP edge guard's settings (src/sip/edge): flat environment names over the config file's `sipEdge` mapping over the defaults. */
import { SettingsError, parseBoolean, parseCount } from './setting-values.ts';

/** What the SIP edge guard (src/sip/edge) is told; every field is documented in docs/security.md. */
export interface SipEdgeSettings {
  /** Requests per source address per window before the address is banned (HOTLINE_SIP_RATE_LIMIT, 16 as Kamailio pike; 0: off). */
  rateLimit: number;
  /** The window of rateLimit in seconds (HOTLINE_SIP_RATE_WINDOW, 2). */
  rateWindowSeconds: number;
  /** The same limit for trunks' addresses (HOTLINE_SIP_TRUNK_RATE_LIMIT, 0: trunks exempt). */
  trunkRateLimit: number;
  /** How long a banned address is ignored (HOTLINE_SIP_BAN_TIME, 300 s). */
  banSeconds: number;
  /** Drop requests of known scanners' User-Agents silently and ban their address (HOTLINE_SIP_DROP_SCANNERS, true). */
  dropScanners: boolean;
  /** Failed digest authentications from one address within the failure window before it is banned (HOTLINE_SIP_AUTH_MAX_FAILURES, 5). */
  authMaxFailures: number;
  /** Failed authentications of one user (any address) before it is locked for addresses it never authenticated from (HOTLINE_SIP_AUTH_USER_MAX_FAILURES, 20). */
  authUserMaxFailures: number;
  /** The window failures are counted in (HOTLINE_SIP_AUTH_FAILURE_WINDOW, 600 s). */
  authFailureWindowSeconds: number;
  /** TCP connections open at once in total (HOTLINE_SIP_TCP_MAX_CONNECTIONS, 2048). */
  tcpMaxConnections: number;
  /** TCP connections open at once from one address, trunks included (HOTLINE_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE, 32). */
  tcpMaxConnectionsPerSource: number;
  /** Seconds a TCP connection may take to deliver a complete message once it started one, or its first after accept (HOTLINE_SIP_TCP_MESSAGE_TIMEOUT, 10). */
  tcpMessageTimeoutSeconds: number;
  /** Seconds without traffic before a TCP connection is closed (HOTLINE_SIP_TCP_IDLE_TIMEOUT, 300). */
  tcpIdleTimeoutSeconds: number;
}

/** The edge settings' environment names, defaults and ranges (one table: parsing and docs read the same). */
const EDGE_LIMITS: Record<Exclude<keyof SipEdgeSettings, 'dropScanners'>, { env: string; default: number; min: number; max: number }> = {
  rateLimit: { env: 'HOTLINE_SIP_RATE_LIMIT', default: 16, min: 0, max: 1_000_000 },
  rateWindowSeconds: { env: 'HOTLINE_SIP_RATE_WINDOW', default: 2, min: 1, max: 3600 },
  trunkRateLimit: { env: 'HOTLINE_SIP_TRUNK_RATE_LIMIT', default: 0, min: 0, max: 1_000_000 },
  banSeconds: { env: 'HOTLINE_SIP_BAN_TIME', default: 300, min: 1, max: 86_400 },
  authMaxFailures: { env: 'HOTLINE_SIP_AUTH_MAX_FAILURES', default: 5, min: 0, max: 10_000 },
  authUserMaxFailures: { env: 'HOTLINE_SIP_AUTH_USER_MAX_FAILURES', default: 20, min: 0, max: 100_000 },
  authFailureWindowSeconds: { env: 'HOTLINE_SIP_AUTH_FAILURE_WINDOW', default: 600, min: 1, max: 86_400 },
  tcpMaxConnections: { env: 'HOTLINE_SIP_TCP_MAX_CONNECTIONS', default: 2048, min: 1, max: 1_000_000 },
  tcpMaxConnectionsPerSource: { env: 'HOTLINE_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE', default: 32, min: 1, max: 1_000_000 },
  tcpMessageTimeoutSeconds: { env: 'HOTLINE_SIP_TCP_MESSAGE_TIMEOUT', default: 10, min: 1, max: 3600 },
  tcpIdleTimeoutSeconds: { env: 'HOTLINE_SIP_TCP_IDLE_TIMEOUT', default: 300, min: 1, max: 86_400 },
};

/** The one edge setting that is not a count. */
const EDGE_ENV = 'HOTLINE_SIP_DROP_SCANNERS';

/** The edge guard's settings from the environment (flat names) over the file's `sipEdge` mapping over the defaults. */
export function loadEdgeSettings(env: NodeJS.ProcessEnv, file: Record<string, unknown> | undefined): SipEdgeSettings {
  const fromFile = (file?.sipEdge ?? {}) as Record<string, unknown>;
  if (typeof fromFile !== 'object' || fromFile === null) throw new SettingsError('sipEdge must be a mapping');
  for (const k of Object.keys(fromFile)) if (k !== 'dropScanners' && !(k in EDGE_LIMITS)) throw new SettingsError(`unknown setting 'sipEdge.${k}'`);
  const pick = (env_: string, key: string): unknown => (env[env_] !== undefined && env[env_] !== '' ? env[env_] : fromFile[key]);
  const out = { dropScanners: true } as SipEdgeSettings;
  for (const [key, spec] of Object.entries(EDGE_LIMITS) as [keyof typeof EDGE_LIMITS, (typeof EDGE_LIMITS)[keyof typeof EDGE_LIMITS]][]) {
    const v = pick(spec.env, key);
    out[key] = v === undefined ? spec.default : parseCount(v, spec.env, spec.min, spec.max);
  }
  const drop = pick(EDGE_ENV, 'dropScanners');
  if (drop !== undefined) out.dropScanners = parseBoolean(drop, EDGE_ENV);
  return out;
}
