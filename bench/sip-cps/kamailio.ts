// Debian's Kamailio as the reference stateful proxy: t_relay with record-route, all requests to the
// SIPp UAS. Config in a temp dir, loopback only, in the foreground (-DD) so we own the process.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KamailioProcess {
  readonly pid: number | undefined;
  readonly port: number;
  stop(): Promise<void>;
  output(): string;
}

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

export function kamailioConfig(port: number, uasPort: number, children: number): string {
  return `#!KAMAILIO
debug=0
log_stderror=yes
memdbg=5
memlog=5
children=${children}
auto_aliases=no
listen=udp:127.0.0.1:${port}
listen=tcp:127.0.0.1:${port}
mpath="${MODULES}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
modparam("rr", "enable_full_lr", 1)

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
  $du = "sip:127.0.0.1:${uasPort}";
  if (!t_relay()) sl_reply_error();
  exit;
}
`;
}

export async function startKamailio(port: number, uasPort: number, children = 4): Promise<KamailioProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-kamailio-'));
  const cfg = join(dir, 'kamailio.cfg');
  writeFileSync(cfg, kamailioConfig(port, uasPort, children));
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
  await new Promise((r) => setTimeout(r, 1500));
  if (child.exitCode !== null) throw new Error(`kamailio exited (${child.exitCode}):\n${out}`);
  return {
    pid: child.pid,
    port,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
