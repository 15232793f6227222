/**
 * Debian's Kamailio as a real stateful, record-routing SIP proxy for tests and benchmarks: the
 * config is written to a temp dir, it listens on loopback only and runs in the foreground (-DD,
 * logging to stderr with -E) so we own the process and stop it by its pid.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KamailioProcess {
  readonly pid: number | undefined;
  readonly port: number;
  stop(): Promise<void>;
  output(): string;
}

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

/**
 * The config's head: globals, listen lines and the modules a stateful record-routing proxy needs
 * (tm, sl, rr with full `;lr=on` URIs, pv, maxfwd, siputils, textops). The caller adds the routes.
 */
export function kamailioHead(opts: { port: number; transports: ReadonlyArray<'udp' | 'tcp'>; children: number; debug?: number }): string {
  return `#!KAMAILIO
debug=${opts.debug ?? 0}
log_stderror=yes
memdbg=5
memlog=5
children=${opts.children}
tcp_children=${opts.children}
auto_aliases=no
${opts.transports.map((t) => `listen=${t}:127.0.0.1:${opts.port}`).join('\n')}
mpath="${MODULES}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
modparam("rr", "enable_full_lr", 1)
`;
}

/**
 * The usual proxy body: in-dialog requests follow the recorded Route set; CANCEL and ACK go with
 * their transaction; a new request is record-routed and relayed to `$du` as `destination` (Kamailio
 * script statements) sets it.
 */
export function recordRouteRelay(destination: string): string {
  return `
request_route {
  if (!mf_process_maxfwd_header("10")) {
    sl_send_reply("483", "Too Many Hops");
    exit;
  }
  if (has_totag()) {
    # In-dialog: follow the Route set we recorded.
    if (loose_route()) {
      t_relay();
      exit;
    }
    if (is_method("ACK")) {
      if (t_check_trans()) t_relay();
      exit;
    }
    sl_send_reply("404", "Not here");
    exit;
  }
  if (is_method("CANCEL")) {
    if (t_check_trans()) t_relay();
    exit;
  }
  # Absorb retransmissions of requests already in a transaction.
  t_check_trans();
  record_route();
  ${destination}
  if (!t_relay()) sl_reply_error();
  exit;
}
`;
}

/** Starts Kamailio with `config` (listening on `port`); resolves once it answers there. */
export async function startKamailio(config: string, port: number): Promise<KamailioProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-kamailio-'));
  const cfg = join(dir, 'kamailio.cfg');
  writeFileSync(cfg, config);
  // -DD: stay in the foreground; -E: log to stderr; -m/-M: shared/private memory in MB.
  const child: ChildProcess = spawn('kamailio', ['-f', cfg, '-DD', '-E', '-m', '256', '-M', '16', '-P', join(dir, 'kamailio.pid'), '-w', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer): void => {
    out = (out + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Its children open the sockets after the config is parsed: wait until the port takes TCP (or,
  // for a UDP-only config, a while) — a safety limit, not a timing assertion.
  const tcp = /listen=tcp:/.test(config);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`kamailio exited (${child.exitCode}):\n${out}`);
    }
    if (tcp ? await accepts(port) : Date.now() - started > 1500) break;
    if (Date.now() - started > 15_000) {
      await stop();
      throw new Error(`kamailio did not listen on ${port}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid, port, output: () => out, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
