// The SIP edge guard: what the transport asks before a message reaches the transaction layer, and
// what the digest gate tells it about authentications. Banned addresses and known scanners are
// dropped silently (an answer would only confirm that something listens); an address sending more
// requests than its limit per window is banned (Kamailio pike + the ipban htable of its default
// config); failed authentications are logged one line each, for fail2ban, and ban their source.
// sip/ knows nothing of trunks: the composition root says which addresses are trusted.
import type { Clock } from '../../kernel/clock.ts';
import type { SipRequest } from '../message/message.ts';
import type { Source } from '../transport/address.ts';
import { AddressBans } from './address-bans.ts';
import { AuthFailures } from './auth-failures.ts';
import { RequestRate } from './request-rate.ts';
import { isScannerUserAgent } from './scanner-user-agents.ts';

export interface EdgeGuardOptions {
  clock: Clock;
  /** Requests per address per window before a ban; 0: no limit. */
  rateLimit: number;
  rateWindowMs: number;
  /** The limit for trusted addresses (trunks); 0: exempt. Trusted addresses are never banned: past it their requests are dropped until the window ends. */
  trustedRateLimit: number;
  banMs: number;
  dropScanners: boolean;
  /** Failed authentications from one address before it is banned (0: never). */
  authMaxFailures: number;
  /** Failed authentications of one user before it is locked for addresses it never authenticated from (0: never). */
  authUserMaxFailures: number;
  authFailureWindowMs: number;
  /** Addresses the operator trusts (the trunks'); asked once per address per window. */
  isTrusted(address: string): boolean;
  /** One line per ban, per failed authentication and per user lock (docs/security.md gives the format). */
  log?(line: string): void;
  /** Wall time for the log lines' timestamps (default Date.now). */
  wallNow?(): number;
}

export interface EdgeGuardStats {
  /** Addresses banned now. */
  bannedAddresses: number;
  /** Users locked for unknown addresses now. */
  lockedUsers: number;
  /** Bans since start, by reason. */
  bans: { rate: number; scanner: number; auth: number };
  /** Packets dropped since start, by reason. */
  dropped: { banned: number; rate: number; scanner: number };
  /** Failed digest authentications since start. */
  authFailures: number;
}

export type BanReason = 'rate' | 'scanner' | 'auth';

export class EdgeGuard {
  readonly #bans: AddressBans;
  readonly #rate: RequestRate | undefined;
  readonly #auth: AuthFailures;
  readonly #stats: EdgeGuardStats = { bannedAddresses: 0, lockedUsers: 0, bans: { rate: 0, scanner: 0, auth: 0 }, dropped: { banned: 0, rate: 0, scanner: 0 }, authFailures: 0 };

  constructor(private readonly opts: EdgeGuardOptions) {
    this.#bans = new AddressBans(opts.clock);
    const limitOf = (address: string): number => (opts.isTrusted(address) ? opts.trustedRateLimit : opts.rateLimit);
    this.#rate = opts.rateLimit > 0 || opts.trustedRateLimit > 0 ? new RequestRate(opts.clock, opts.rateWindowMs, limitOf) : undefined;
    this.#auth = new AuthFailures(opts.clock, { windowMs: opts.authFailureWindowMs, maxPerSource: opts.authMaxFailures, maxPerUser: opts.authUserMaxFailures, lockMs: opts.banMs });
  }

  /**
   * Before parsing (O(1), no allocation for a known address): false drops the bytes silently.
   * Every request counts against its address's limit; responses only pass the ban check.
   */
  admitPacket(address: string, bytes: Buffer): boolean {
    if (this.#bans.isBanned(address)) {
      this.#stats.dropped.banned++;
      return false;
    }
    if (this.#rate === undefined || !startsLikeRequest(bytes)) return true;
    const over = this.#rate.count(address);
    if (over === 0) return true;
    this.#stats.dropped.rate++;
    // The first request over the limit bans an untrusted address; a trusted one is only held back.
    if (over === 1 && !this.opts.isTrusted(address)) this.ban(address, 'rate', `more than ${this.opts.rateLimit} requests in ${this.opts.rateWindowMs / 1000} s`);
    return false;
  }

  /** After parsing, before the transaction layer: false drops the request silently. */
  admitRequest(req: SipRequest, source: Source): boolean {
    if (!this.opts.dropScanners) return true;
    const ua = req.headers.get('User-Agent');
    if (ua === undefined || !isScannerUserAgent(ua)) return true;
    this.#stats.dropped.scanner++;
    if (!this.opts.isTrusted(source.address)) this.ban(source.address, 'scanner', `User-Agent ${quote(ua)}`);
    return false;
  }

  /** A user locked by password guessing, asked from an address it never authenticated from: treat as a failure without checking. */
  authLocked(username: string, source: Source): boolean {
    return this.#auth.isLocked(username, source.address);
  }

  /** A failed digest authentication: logged (fail2ban), counted, and the source banned at its limit. */
  authFailed(username: string, method: string, source: Source): void {
    this.#stats.authFailures++;
    const outcome = this.#auth.failed(username, source.address);
    this.#log(`sip auth failed: user=${quote(username)} source=${source.address} port=${source.port} transport=${source.transport} method=${method} failures=${outcome.sourceFailures}`);
    if (outcome.lockUser) this.#log(`sip auth user locked: user=${quote(username)} seconds=${Math.round(this.opts.banMs / 1000)} failures=${outcome.userFailures} (addresses it authenticated from are not affected)`);
    if (outcome.banSource && !this.opts.isTrusted(source.address)) this.ban(source.address, 'auth', `${outcome.sourceFailures} failed authentications`);
  }

  authSucceeded(username: string, source: Source): void {
    this.#auth.succeeded(username, source.address);
  }

  ban(address: string, reason: BanReason, detail: string): void {
    this.#bans.ban(address, this.opts.banMs);
    this.#stats.bans[reason]++;
    this.#log(`sip edge ban: source=${address} seconds=${Math.round(this.opts.banMs / 1000)} reason=${reason} detail=${quote(detail)}`);
  }

  isBanned(address: string): boolean {
    return this.#bans.isBanned(address);
  }

  stats(): EdgeGuardStats {
    const s = this.#stats;
    return { ...s, bannedAddresses: this.#bans.count, lockedUsers: this.#auth.lockedUsers, bans: { ...s.bans }, dropped: { ...s.dropped } };
  }

  #log(line: string): void {
    if (this.opts.log === undefined) return;
    this.opts.log(`${new Date((this.opts.wallNow ?? Date.now)()).toISOString()} ${line}`);
  }
}

/**
 * True unless the bytes start (after leading CR/LF) with "SIP/", as every response does. Reads
 * four bytes, allocates nothing: it runs on every packet.
 */
export function startsLikeRequest(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length && (buf[i] === 13 || buf[i] === 10)) i++;
  if (buf.length - i < 4) return true;
  return !(buf[i] === 0x53 && buf[i + 1] === 0x49 && buf[i + 2] === 0x50 && buf[i + 3] === 0x2f);
}

/** A value from the wire, quoted for a log line: no quotes, backslashes or control characters (no log injection), at most 64 characters. */
export function quote(value: string): string {
  let out = '';
  for (const ch of value.slice(0, 64)) {
    const c = ch.charCodeAt(0);
    out += c < 32 || c === 127 || ch === '"' || ch === '\\' ? '?' : ch;
  }
  return `"${out}"`;
}
