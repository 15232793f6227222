/**
 * Platform settings: defaults, overridden by an optional JSON/YAML config file
 * (`HOTLINE_CONFIG`), overridden by environment variables. Validated once at start so a typo
 * fails loudly instead of surfacing as a mysterious bind error later.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RecordingFormat } from '../media/wav/wav-header.ts';
import { SettingsError, parseBoolean, parseCount, parsePort } from './setting-values.ts';
import { type SipEdgeSettings, loadEdgeSettings } from './sip-edge-settings.ts';
import { type TenantOutboundSettings, loadTenantOutboundSettings } from './tenant-outbound-settings.ts';

export { SettingsError } from './setting-values.ts';
export type { SipEdgeSettings } from './sip-edge-settings.ts';
export type { TenantOutboundSettings } from './tenant-outbound-settings.ts';

export interface Settings {
  dataDir: string;
  sipAddress: string;
  /** Address written into Via/Contact/SDP; defaults to sipAddress (or 127.0.0.1 when bound to 0.0.0.0). */
  advertisedAddress: string;
  sipPort: number;
  httpPort: number;
  httpAddress: string;
  rtpPorts: { min: number; max: number };
  databaseUrl?: string;
  sipRealm: string;
  /** Seconds the bound phone may ring before the caller gets 480. */
  ringTimeoutSeconds: number;
  /**
   * An answered call whose caller or answering side has sent no RTP for this many seconds (and is
   * not on hold) is ended by the platform (HOTLINE_MEDIA_TIMEOUT; rtpengine's default, 60). It
   * ends calls whose BYE never came (a phone lost power, a network cut), which would otherwise
   * stay up and be billed forever. 0 turns it off.
   */
  mediaTimeoutSeconds: number;
  /**
   * An agent whose desk is gone — its event feed and its browser softphone's SIP WebSocket both
   * closed — for this many seconds is made not ready (`desk_closed`); a reload or a network blip
   * shorter than this changes nothing (HOTLINE_DESK_GRACE, default 15).
   */
  deskGraceSeconds: number;
  /**
   * Digest algorithms challenged, in this order. MD5 alone by default, as Asterisk, Kamailio and
   * FreeSWITCH do: deployed phones (libre/baresip among them) fail outright on a challenge with an
   * algorithm they do not know, even next to an MD5 one. Opt in with `SHA-256,MD5`.
   */
  sipDigestAlgorithms: ('MD5' | 'SHA-256')[];
  /** Record every answered call (P4); on by default. */
  recordCalls: boolean;
  /**
   * Webhook endpoints may be on private, loopback and link-local addresses, and plain http:// to
   * them (HOTLINE_WEBHOOK_PRIVATE_TARGETS, default false: https to public addresses only, against
   * SSRF). For a tenant's receiver inside the operator's own network, and for tests.
   */
  webhookPrivateTargets: boolean;
  /**
   * Load the demo set (examples/demo.yaml) into an empty database at the first start
   * (HOTLINE_DEMO, default true). Real deployments turn it off; the operator's first account is
   * created either way.
   */
  demo: boolean;
  /**
   * How recordings are stored (HOTLINE_RECORDING_FORMAT): `ulaw` (default) — G.711 µ-law stereo
   * WAV, 16 KB/s per call, the received bytes kept as they are — or `pcm16`, 16-bit PCM, 32 KB/s.
   */
  recordingFormat: RecordingFormat;
  /**
   * Answer requests at their packet's source address and port (RFC 3581 `rport` for everyone, as
   * Kamailio's force_rport): agents' phones sit behind NAT; on by default.
   */
  forceRport: boolean;
  /**
   * The operator's SMS gateway (SMPP 3.4 bind_transceiver). Without a host, SMS notifications are
   * queued and held in the outbox (never dropped) until a start with the setting sends them.
   */
  smppHost?: string;
  /** Default 2775. */
  smppPort?: number;
  smppSystemId?: string;
  smppPassword?: string;
  /** The sender address shown on phones (e.g. a 106… service code). */
  smsSourceAddress?: string;
  /** `smtp://user:pass@host:587` or `smtps://…`; absent → e-mail notifications are held likewise. */
  smtpUrl?: string;
  /** The From of notification e-mails, e.g. `Hotline <alerts@example.com>`. */
  smtpFrom?: string;
  /**
   * Media worker threads (HOTLINE_MEDIA_WORKERS): each owns whole calls on its own slice of the RTP
   * ports. 0 runs the media engine on the main thread. `auto` (the default) is two per core
   * (os.availableParallelism()) when there are at least two cores, else 0. Resolved to a number here.
   */
  mediaWorkers: number;
  /**
   * RTP socket I/O of the media engine (HOTLINE_MEDIA_NATIVE_IO): `auto` (default) the native
   * batched-I/O addon when it is built and loads (build/native, made by `npm ci`), else node:dgram
   * with one log line saying why; `on` fails at start without it; `off` is node:dgram.
   */
  mediaNativeIo: 'auto' | 'on' | 'off';
  /** The SIP edge guard's limits (docs/security.md); 0 turns a limit off. */
  sipEdge: SipEdgeSettings;
  /** `Server`/`User-Agent` header value the platform sends (HOTLINE_SIP_SERVER_HEADER); unset: none, so scanners cannot fingerprint it. */
  sipServerHeader?: string;
  /** Concurrent calls per authenticated SIP user that ring through a trunk (HOTLINE_SIP_USER_MAX_CALLS, 4; 0: no cap). */
  sipUserMaxCalls: number;
  /** Such calls per SIP user per minute (HOTLINE_SIP_USER_CALLS_PER_MINUTE, 10; 0: no cap). */
  sipUserCallsPerMinute: number;
  /**
   * PEM files of the HTTP side's own TLS (HOTLINE_TLS_CERT, HOTLINE_TLS_KEY): both set, the API
   * and web app are served over HTTPS on `httpPort` (Secure `__Host-` session cookie, HSTS).
   */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (HOTLINE_TRUSTED_PROXIES:
   * addresses or CIDR prefixes, or `loopback`); from anyone else those headers are ignored. Empty:
   * none (the client address is the socket's).
   */
  trustedProxies: string[];
  /** Refuse calls out through a trunk that the rate plan does not rate (HOTLINE_REFUSE_UNRATED_CALLS, default true). */
  refuseUnratedCalls: boolean;
  /** Per-tenant caps and fraud thresholds for calls out through a trunk (docs/security.md). */
  tenantOutbound: TenantOutboundSettings;
}

const ENV_KEYS: Record<string, keyof Settings> = {
  HOTLINE_DATA_DIR: 'dataDir',
  HOTLINE_SIP_ADDRESS: 'sipAddress',
  HOTLINE_ADVERTISED_ADDRESS: 'advertisedAddress',
  HOTLINE_SIP_PORT: 'sipPort',
  HOTLINE_HTTP_PORT: 'httpPort',
  HOTLINE_HTTP_ADDRESS: 'httpAddress',
  HOTLINE_RTP_PORTS: 'rtpPorts',
  DATABASE_URL: 'databaseUrl',
  HOTLINE_SIP_REALM: 'sipRealm',
  HOTLINE_RING_TIMEOUT: 'ringTimeoutSeconds',
  HOTLINE_MEDIA_TIMEOUT: 'mediaTimeoutSeconds',
  HOTLINE_DESK_GRACE: 'deskGraceSeconds',
  HOTLINE_SIP_DIGEST_ALGORITHMS: 'sipDigestAlgorithms',
  HOTLINE_RECORD_CALLS: 'recordCalls',
  HOTLINE_WEBHOOK_PRIVATE_TARGETS: 'webhookPrivateTargets',
  HOTLINE_DEMO: 'demo',
  HOTLINE_RECORDING_FORMAT: 'recordingFormat',
  HOTLINE_SIP_FORCE_RPORT: 'forceRport',
  HOTLINE_SMPP_HOST: 'smppHost',
  HOTLINE_SMPP_PORT: 'smppPort',
  HOTLINE_SMPP_SYSTEM_ID: 'smppSystemId',
  HOTLINE_SMPP_PASSWORD: 'smppPassword',
  HOTLINE_SMS_SOURCE_ADDRESS: 'smsSourceAddress',
  HOTLINE_SMTP_URL: 'smtpUrl',
  HOTLINE_SMTP_FROM: 'smtpFrom',
  HOTLINE_MEDIA_WORKERS: 'mediaWorkers',
  HOTLINE_MEDIA_NATIVE_IO: 'mediaNativeIo',
  HOTLINE_SIP_SERVER_HEADER: 'sipServerHeader',
  HOTLINE_SIP_USER_MAX_CALLS: 'sipUserMaxCalls',
  HOTLINE_SIP_USER_CALLS_PER_MINUTE: 'sipUserCallsPerMinute',
  HOTLINE_TLS_CERT: 'tlsCertFile',
  HOTLINE_TLS_KEY: 'tlsKeyFile',
  HOTLINE_TRUSTED_PROXIES: 'trustedProxies',
  HOTLINE_REFUSE_UNRATED_CALLS: 'refuseUnratedCalls',
};

function parseRange(value: unknown): { min: number; max: number } {
  if (typeof value === 'object' && value !== null && 'min' in value && 'max' in value) {
    const r = value as { min: unknown; max: unknown };
    return checkRange(parsePort(r.min, 'rtpPorts.min'), parsePort(r.max, 'rtpPorts.max'));
  }
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(String(value));
  if (!m) throw new SettingsError(`HOTLINE_RTP_PORTS must look like 20000-29999, got '${String(value)}'`);
  return checkRange(parsePort(m[1], 'rtp min'), parsePort(m[2], 'rtp max'));
}

function checkRange(min: number, max: number): { min: number; max: number } {
  if (min < 1024 || max <= min) throw new SettingsError(`RTP port range ${min}-${max} must be above 1023 with max > min`);
  if (max - min < 3) throw new SettingsError(`RTP port range ${min}-${max} must hold at least two port pairs`);
  return { min, max };
}

/**
 * `auto` → two workers per core when there are two or more cores, else 0 (the main thread). Two
 * per core, not one: a worker stalled by its GC or descheduled delays only its own share of the
 * calls, and that is what keeps the added jitter's tail down (bench/media, docs/BENCHMARKS.md:
 * 500 recorded calls on 2 cores, jitter p99 4.5–4.6 ms with 4 or 6 workers, 6.9–7.1 ms with 2).
 */
function parseMediaWorkers(value: unknown): number {
  const v = String(value).trim().toLowerCase();
  if (v === 'auto') {
    const cores = availableParallelism();
    return cores >= 2 ? 2 * cores : 0;
  }
  const n = Number(v);
  if (v === '' || !Number.isInteger(n) || n < 0 || n > 256) throw new SettingsError(`HOTLINE_MEDIA_WORKERS must be auto or a number 0-256, got '${String(value)}'`);
  return n;
}

function coerce(key: keyof Settings, value: unknown): Settings[keyof Settings] {
  switch (key) {
    case 'sipPort':
    case 'httpPort':
    case 'smppPort':
      return parsePort(value, key);
    case 'rtpPorts':
      return parseRange(value);
    case 'mediaWorkers':
      return parseMediaWorkers(value);
    case 'mediaNativeIo': {
      const v = String(value).trim().toLowerCase();
      if (v === 'auto' || v === 'on' || v === 'off') return v;
      throw new SettingsError(`HOTLINE_MEDIA_NATIVE_IO must be auto, on or off, got '${String(value)}'`);
    }
    case 'trustedProxies':
      return parseTrustedProxies(value);
    case 'sipDigestAlgorithms': {
      const list = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((a) => a.trim().toUpperCase()).filter((a) => a !== '');
      if (list.length === 0 || list.some((a) => a !== 'MD5' && a !== 'SHA-256') || new Set(list).size !== list.length) {
        throw new SettingsError(`HOTLINE_SIP_DIGEST_ALGORITHMS must list MD5 and/or SHA-256, got '${String(value)}'`);
      }
      return list as ('MD5' | 'SHA-256')[];
    }
    case 'forceRport':
    case 'recordCalls':
    case 'demo':
    case 'refuseUnratedCalls':
    case 'webhookPrivateTargets':
      return parseBoolean(value, envName(key));
    case 'recordingFormat': {
      const v = String(value).trim().toLowerCase();
      if (v === 'ulaw' || v === 'pcm16') return v;
      throw new SettingsError(`HOTLINE_RECORDING_FORMAT must be ulaw or pcm16, got '${String(value)}'`);
    }
    case 'sipUserMaxCalls':
    case 'sipUserCallsPerMinute':
      return parseCount(value, key === 'sipUserMaxCalls' ? 'HOTLINE_SIP_USER_MAX_CALLS' : 'HOTLINE_SIP_USER_CALLS_PER_MINUTE', 0, 100_000);
    case 'sipServerHeader': {
      const v = String(value).trim();
      // It goes into a header line as it is: no control characters (CR/LF would inject headers).
      if (v === '' || [...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) throw new SettingsError(`HOTLINE_SIP_SERVER_HEADER must be one line of text, got '${v}'`);
      return v;
    }
    case 'ringTimeoutSeconds': {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || n > 600) throw new SettingsError(`ring timeout must be 1-600 seconds, got '${String(value)}'`);
      return n;
    }
    case 'deskGraceSeconds': {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 1 || n > 600) throw new SettingsError(`HOTLINE_DESK_GRACE must be 1-600 seconds, got '${String(value)}'`);
      return n;
    }
    case 'mediaTimeoutSeconds': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 86400) throw new SettingsError(`HOTLINE_MEDIA_TIMEOUT must be 0 (off) or 1-86400 seconds, got '${String(value)}'`);
      return n;
    }
    default:
      if (typeof value !== 'string' || value.trim() === '') throw new SettingsError(`${key} must be a non-empty string`);
      return value.trim();
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw: Partial<Record<keyof Settings, unknown>> = {};
  let fileSettings: Record<string, unknown> | undefined;
  if (env.HOTLINE_CONFIG) {
    const text = readFileSync(env.HOTLINE_CONFIG, 'utf8');
    const file: unknown = parseYaml(text);
    if (typeof file !== 'object' || file === null) throw new SettingsError(`${env.HOTLINE_CONFIG}: expected a mapping of settings`);
    fileSettings = file as Record<string, unknown>;
    const known = new Set<string>(Object.values(ENV_KEYS));
    for (const [k, v] of Object.entries(file)) {
      if (k === 'sipEdge') continue;
      if (!known.has(k)) throw new SettingsError(`${env.HOTLINE_CONFIG}: unknown setting '${k}'`);
      raw[k as keyof Settings] = v;
    }
  }
  for (const [envKey, key] of Object.entries(ENV_KEYS)) {
    const v = env[envKey];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const s: Settings = {
    dataDir: resolve(String(raw.dataDir !== undefined ? coerce('dataDir', raw.dataDir) : './data')),
    sipAddress: raw.sipAddress !== undefined ? (coerce('sipAddress', raw.sipAddress) as string) : '0.0.0.0',
    advertisedAddress: '',
    sipPort: raw.sipPort !== undefined ? (coerce('sipPort', raw.sipPort) as number) : 5060,
    httpPort: raw.httpPort !== undefined ? (coerce('httpPort', raw.httpPort) as number) : 8080,
    httpAddress: raw.httpAddress !== undefined ? (coerce('httpAddress', raw.httpAddress) as string) : '0.0.0.0',
    rtpPorts: raw.rtpPorts !== undefined ? (coerce('rtpPorts', raw.rtpPorts) as Settings['rtpPorts']) : { min: 20000, max: 29999 },
    sipRealm: raw.sipRealm !== undefined ? (coerce('sipRealm', raw.sipRealm) as string) : 'hotline',
    ringTimeoutSeconds: raw.ringTimeoutSeconds !== undefined ? (coerce('ringTimeoutSeconds', raw.ringTimeoutSeconds) as number) : 60,
    mediaTimeoutSeconds: raw.mediaTimeoutSeconds !== undefined ? (coerce('mediaTimeoutSeconds', raw.mediaTimeoutSeconds) as number) : 60,
    deskGraceSeconds: raw.deskGraceSeconds !== undefined ? (coerce('deskGraceSeconds', raw.deskGraceSeconds) as number) : 15,
    recordCalls: raw.recordCalls !== undefined ? (coerce('recordCalls', raw.recordCalls) as boolean) : true,
    webhookPrivateTargets: raw.webhookPrivateTargets !== undefined ? (coerce('webhookPrivateTargets', raw.webhookPrivateTargets) as boolean) : false,
    demo: raw.demo !== undefined ? (coerce('demo', raw.demo) as boolean) : true,
    recordingFormat: raw.recordingFormat !== undefined ? (coerce('recordingFormat', raw.recordingFormat) as RecordingFormat) : 'ulaw',
    forceRport: raw.forceRport !== undefined ? (coerce('forceRport', raw.forceRport) as boolean) : true,
    sipDigestAlgorithms: raw.sipDigestAlgorithms !== undefined ? (coerce('sipDigestAlgorithms', raw.sipDigestAlgorithms) as Settings['sipDigestAlgorithms']) : ['MD5'],
    mediaWorkers: parseMediaWorkers(raw.mediaWorkers ?? 'auto'),
    mediaNativeIo: raw.mediaNativeIo !== undefined ? (coerce('mediaNativeIo', raw.mediaNativeIo) as Settings['mediaNativeIo']) : 'auto',
    sipEdge: loadEdgeSettings(env, fileSettings),
    sipUserMaxCalls: raw.sipUserMaxCalls !== undefined ? (coerce('sipUserMaxCalls', raw.sipUserMaxCalls) as number) : 4,
    sipUserCallsPerMinute: raw.sipUserCallsPerMinute !== undefined ? (coerce('sipUserCallsPerMinute', raw.sipUserCallsPerMinute) as number) : 10,
    trustedProxies: raw.trustedProxies !== undefined ? (coerce('trustedProxies', raw.trustedProxies) as string[]) : [],
    refuseUnratedCalls: raw.refuseUnratedCalls !== undefined ? (coerce('refuseUnratedCalls', raw.refuseUnratedCalls) as boolean) : true,
    tenantOutbound: loadTenantOutboundSettings(env),
  };
  if (raw.sipServerHeader !== undefined) s.sipServerHeader = coerce('sipServerHeader', raw.sipServerHeader) as string;
  if (raw.databaseUrl !== undefined) {
    const url = coerce('databaseUrl', raw.databaseUrl) as string;
    if (!/^postgres(ql)?:\/\//.test(url)) throw new SettingsError(`DATABASE_URL must be a postgres:// URL (leave it unset for SQLite), got '${url}'`);
    s.databaseUrl = url;
  }
  applyNotifySettings(s, raw);
  applyHttpsSettings(s, raw);
  const advertised = raw.advertisedAddress !== undefined ? (coerce('advertisedAddress', raw.advertisedAddress) as string) : undefined;
  s.advertisedAddress = advertised ?? (s.sipAddress === '0.0.0.0' || s.sipAddress === '::' ? '127.0.0.1' : s.sipAddress);
  return s;
}

function envName(key: keyof Settings): string {
  return Object.entries(ENV_KEYS).find(([, k]) => k === key)?.[0] ?? key;
}

/** proxy-addr's names for address ranges, accepted as they are. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustedProxies(value: unknown): string[] {
  const list = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((a) => a.trim()).filter((a) => a !== '');
  for (const entry of list) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_RANGE_NAMES.has(entry)) continue;
    if (family === 0 || !prefixOk || rest.length > 0) throw new SettingsError(`HOTLINE_TRUSTED_PROXIES: '${entry}' is not an address, a CIDR prefix or loopback/linklocal/uniquelocal`);
  }
  return list;
}

/** The HTTP side's own TLS: both files or neither, read at start so a wrong path fails loudly. */
function applyHttpsSettings(s: Settings, raw: Partial<Record<keyof Settings, unknown>>): void {
  if (raw.tlsCertFile !== undefined) s.tlsCertFile = coerce('tlsCertFile', raw.tlsCertFile) as string;
  if (raw.tlsKeyFile !== undefined) s.tlsKeyFile = coerce('tlsKeyFile', raw.tlsKeyFile) as string;
  if ((s.tlsCertFile === undefined) !== (s.tlsKeyFile === undefined)) throw new SettingsError('HOTLINE_TLS_CERT and HOTLINE_TLS_KEY go together (both PEM files, or neither)');
}

/** The SMPP gateway and SMTP server of notifications: all optional, but complete when present. */
function applyNotifySettings(s: Settings, raw: Partial<Record<keyof Settings, unknown>>): void {
  for (const key of ['smppHost', 'smppSystemId', 'smppPassword', 'smsSourceAddress', 'smtpUrl', 'smtpFrom'] as const) {
    if (raw[key] !== undefined) s[key] = coerce(key, raw[key]) as string;
  }
  if (raw.smppPort !== undefined) s.smppPort = coerce('smppPort', raw.smppPort) as number;
  if (s.smppHost !== undefined && (s.smppSystemId === undefined || s.smppPassword === undefined)) {
    throw new SettingsError('HOTLINE_SMPP_HOST needs HOTLINE_SMPP_SYSTEM_ID and HOTLINE_SMPP_PASSWORD');
  }
  if (s.smtpUrl !== undefined && !/^smtps?:\/\//.test(s.smtpUrl)) throw new SettingsError('HOTLINE_SMTP_URL must be an smtp:// or smtps:// URL');
  if (s.smtpUrl !== undefined && s.smtpFrom === undefined) throw new SettingsError('HOTLINE_SMTP_URL needs HOTLINE_SMTP_FROM (the From address)');
}
