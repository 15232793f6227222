/**
 * Runs Debian's linphonec (linphone-cli) as an agent's softphone for a test: a temp HOME and rc
 * file, loopback only, no sound card (its file player plays silence), driven by its own commands
 * on stdin (`answer`, `pause`, `resume`, `terminate`, `call <uri>`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LinphonecOptions {
  sipPort: number;
  /** First of a few RTP ports (audio only). */
  rtpPort: number;
  /** `host:port` of the platform: the phone registers there with digest credentials. */
  registrar: string;
  username: string;
  password: string;
  /** Its own loopback address (default 127.0.0.1; another one, e.g. 127.0.0.2, is not the trunk's). */
  address?: string;
  /** UDP or TCP for its SIP (its proxy's `transport`); default UDP. */
  transport?: 'udp' | 'tcp';
}

export interface Linphonec {
  /** Everything it printed so far. */
  output(): string;
  /** Types one linphonec command (a line on its stdin). */
  command(line: string): void;
  /** Resolves once its output matches `pattern` after `from` characters (default: anywhere); rejects after `ms` with the output. */
  waitFor(pattern: RegExp, opts?: { from?: number; ms?: number }): Promise<void>;
  stop(): Promise<void>;
}

export function startLinphonec(opts: LinphonecOptions): Linphonec {
  const home = mkdtempSync(join(tmpdir(), 'hotline-linphonec-'));
  const rc = join(home, 'linphonerc');
  mkdirSync(join(home, '.local', 'share', 'linphone'), { recursive: true });
  const transport = opts.transport ?? 'udp';
  writeFileSync(rc, [
    '[sip]',
    // 0 disables a transport (-1 would pick a random port).
    `sip_port=${transport === 'udp' ? opts.sipPort : 0}`,
    `sip_tcp_port=${transport === 'tcp' ? opts.sipPort : 0}`,
    'sip_tls_port=0',
    `bind_address=${opts.address ?? '127.0.0.1'}`,
    'guess_hostname=1',
    'default_proxy=0',
    'register_only_when_network_is_up=0',
    'ipv6=0',
    '',
    '[net]',
    'firewall_policy=0',
    'mtu=1300',
    '',
    '[rtp]',
    `audio_rtp_port=${opts.rtpPort}`,
    `video_rtp_port=${opts.rtpPort + 2}`,
    '',
    '[sound]',
    'echocancellation=0',
    '',
    '[video]',
    'enabled=0',
    'capture=0',
    'display=0',
    '',
    '[proxy_0]',
    `reg_proxy=<sip:${opts.registrar};transport=${transport}>`,
    `reg_identity=sip:${opts.username}@${opts.registrar.split(':')[0] ?? '127.0.0.1'}`,
    'reg_expires=300',
    'reg_sendregister=1',
    'publish=0',
    'dial_escape_plus=0',
    '',
    '[auth_info_0]',
    `username=${opts.username}`,
    `passwd=${opts.password}`,
    '',
  ].join('\n'));
  const child = spawn('linphonec', ['-c', rc, '-d', '0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home },
  });
  let out = '';
  const collect = (d: Buffer): void => {
    out = (out + d.toString()).slice(-40000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.stdin.on('error', () => undefined);
  return {
    output: () => out,
    command: (line) => void child.stdin.write(`${line}\n`),
    async waitFor(pattern, o = {}) {
      const end = Date.now() + (o.ms ?? 15000);
      while (!pattern.test(out.slice(o.from ?? 0))) {
        if (child.exitCode !== null || Date.now() > end) throw new Error(`linphonec: no ${pattern} (exit ${child.exitCode}):\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () =>
      new Promise((resolve) => {
        const done = () => {
          rmSync(home, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.stdin.write('quit\n');
      }),
  };
}
