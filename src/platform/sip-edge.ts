/**
 * The SIP edge guard as the platform runs it: its limits from the settings, the trunks' addresses
 * as the trusted sources (sip/ knows nothing of trunks), and a summary line each minute in which
 * it dropped anything, so an operator sees an attack in the log without counting lines.
 */
import type { SipEdgeSettings } from '../config/settings.ts';
import type { Clock } from '../kernel/clock.ts';
import { EdgeGuard } from '../sip/edge/edge-guard.ts';
import type { EdgeGuardStats } from '../sip/edge/edge-guard.ts';
import type { SipEndpoint } from '../sip/endpoint/sip-endpoint.ts';

export function sipEdgeGuard(s: SipEdgeSettings, deps: { clock: Clock; log: (line: string) => void; isTrusted: (address: string) => boolean }): EdgeGuard {
  return new EdgeGuard({
    clock: deps.clock,
    rateLimit: s.rateLimit,
    rateWindowMs: s.rateWindowSeconds * 1000,
    trustedRateLimit: s.trunkRateLimit,
    banMs: s.banSeconds * 1000,
    dropScanners: s.dropScanners,
    authMaxFailures: s.authMaxFailures,
    authUserMaxFailures: s.authUserMaxFailures,
    authFailureWindowMs: s.authFailureWindowSeconds * 1000,
    isTrusted: deps.isTrusted,
    log: deps.log,
  });
}

/** Every `everyMs`: one line with what the edge dropped and refused since the last one, when anything was. */
export function startEdgeSummary(endpoint: SipEndpoint, log: (line: string) => void, everyMs = 60_000): { stop(): void } {
  let last = snapshot(endpoint.stats().edge, endpoint.stats().tcpConnectionsRefused);
  const timer = setInterval(() => {
    const stats = endpoint.stats();
    const now = snapshot(stats.edge, stats.tcpConnectionsRefused);
    const d = now.map((v, i) => v - (last[i] ?? 0));
    last = now;
    if (d.every((v) => v === 0)) return;
    const [banned, rate, scanner, auth, refused] = d;
    log(`${new Date().toISOString()} sip edge summary: seconds=${Math.round(everyMs / 1000)} dropped_banned=${banned} dropped_rate=${rate} dropped_scanner=${scanner} auth_failures=${auth} tcp_refused=${refused} banned_now=${stats.edge?.bannedAddresses ?? 0} users_locked_now=${stats.edge?.lockedUsers ?? 0}`);
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function snapshot(edge: EdgeGuardStats | undefined, refused: number): number[] {
  return [edge?.dropped.banned ?? 0, edge?.dropped.rate ?? 0, edge?.dropped.scanner ?? 0, edge?.authFailures ?? 0, refused];
}
