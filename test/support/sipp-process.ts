/**
 * The call tests' way to run one SIPp instance: one call (-m 1), its global timeout counted as a
 * failure, started without waiting, on ports the test chose. A thin adapter over `sipp.ts`, the
 * one SIPp runner (temp dir, loopback, no terminal, error trace, hard kill after the timeout).
 */
import assert from 'node:assert/strict';
import { freePort } from './free-port.ts';
import { launchSipp, waitListening } from './sipp.ts';

export interface SippRun {
  /** 0: every call succeeded; 128 when killed by a signal. */
  exitCode: number;
  errors: string;
  /** The last 4 000 characters of SIPp's stdout/stderr. */
  stdout: string;
}

/** Fails with SIPp's own errors and output (and `context`, e.g. the platform's log) unless the run exited 0. */
export function assertSippPassed(run: SippRun, who: 'caller' | 'phone', context?: string): void {
  assert.equal(run.exitCode, 0, `${who} SIPp failed:\n${run.errors}\n${run.stdout}${context === undefined ? '' : `\n${context}`}`);
}

export interface SippOptions {
  scenario: string;
  port: number;
  mediaPort: number;
  /** `host:port` to call (UAC); absent for a UAS. */
  remote?: string;
  service?: string;
  keys?: Record<string, string>;
  /** Appended last, so they override the defaults (e.g. `-m 3`, `-t t1`). */
  extraArgs?: string[];
  /** Default 30. */
  timeoutSeconds?: number;
}

/**
 * `listening()` resolves once SIPp holds its port: a phone (UAS) is ready for the INVITE the test
 * sends next — await it rather than sleep.
 */
export function startSipp(opts: SippOptions): { done: Promise<SippRun>; kill(): void; listening(): Promise<void> } {
  const { scenario, remote, service, keys } = opts;
  const p = launchSipp(
    { scenario, remote, service, keys, calls: 1, timeoutSeconds: opts.timeoutSeconds ?? 30, extraArgs: ['-timeout_error', '-max_recv_loops', '1000', ...(opts.extraArgs ?? [])] },
    opts.port,
    opts.mediaPort,
  );
  const done = p.done.then((r): SippRun => ({ exitCode: r.exitCode ?? (r.signal ? 128 : -1), errors: r.errors, stdout: r.output }));
  const transport = opts.extraArgs?.includes('t1') ? 'tcp' : 'udp';
  return { done, kill: () => p.kill(), listening: () => waitListening(opts.port, transport, p.done) };
}

/** A UDP port free right now on loopback (SIPp binds it a moment later). */
export function freeUdpPort(): Promise<number> {
  return freePort('udp');
}

// 20000-31999: below Linux's ephemeral ports (32768+, which any port-0 bind may take) and apart
// from the platform harness's RTP ranges (10000-19999); SIPp binds its media port without retrying.
let media = 20000 + (process.pid % 100) * 120;
/** Even media ports for SIPp (RTP on n, RTCP n+1, its video pair n+2/n+3), per process. */
export function nextMediaPort(): number {
  media += 4;
  if (media > 31990) media = 20000;
  return media;
}
