/**
 * A private PostgreSQL cluster for the tests of one process: initdb into a temp dir, listen on a
 * free loopback port (unix socket in the same dir), stopped and removed when the process exits —
 * also when it fails or is killed (a detached watchdog waits for our pid). PostgreSQL refuses to
 * run as root, so as root we run its binaries as the `postgres` system user.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>` — append `/<database>`. */
  readonly baseUrl: string;
  readonly dir: string;
}

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed `/usr/lib/postgresql/<v>/bin`, or a loud error (tests must not skip). */
export function findPostgresBin(root: string = PG_ROOT): string {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      `PostgreSQL is not installed (no ${root}/*/bin/initdb): run scripts/install-test-deps.sh ` +
        '(Debian package postgresql) or set HOTLINE_TEST_PG_URL to an existing server',
    );
  }
  return join(root, newest, 'bin');
}

let started: Promise<PostgresCluster> | undefined;

/** Starts the process's cluster on first call; later calls share it. */
export function privateCluster(): Promise<PostgresCluster> {
  return (started ??= startCluster());
}

async function startCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'hotline-pg-'));
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  registerCleanup(bin, dir, asRoot);
  const data = join(dir, 'data');
  run(bin, asRoot, 'initdb', ['-N', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-D', data]);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort('tcp');
    // Durability is pointless for a throw-away cluster: fsync off makes CREATE DATABASE fast.
    const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    const res = run(bin, asRoot, 'pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'log'), '-o', options], false);
    if (res.ok) return { baseUrl: `postgres://postgres@127.0.0.1:${port}`, dir };
    // Another process may have taken the port between our probe and the bind: try another.
    if (attempt >= 3) throw new Error(`pg_ctl start failed: ${res.output}`);
  }
}

function postgresUser(): { uid: number; gid: number } {
  const res = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (res.status !== 0 || gid.status !== 0) {
    throw new Error('running as root but there is no `postgres` system user to run PostgreSQL as');
  }
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function command(bin: string, asRoot: boolean, tool: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
}

function run(bin: string, asRoot: boolean, tool: string, args: string[], mustSucceed = true): { ok: boolean; output: string } {
  const [cmd, argv] = command(bin, asRoot, tool, args);
  const res = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/' });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`;
  if (res.status !== 0 && mustSucceed) throw new Error(`${tool} failed (exit ${res.status}): ${output}`);
  return { ok: res.status === 0, output };
}

function registerCleanup(bin: string, dir: string, asRoot: boolean): void {
  const [cmd, argv] = command(bin, asRoot, 'pg_ctl', ['stop', '-m', 'immediate', '-D', join(dir, 'data')]);
  const stop = [cmd, ...argv].map(shellQuote).join(' ');
  const cleanup = `${stop} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`;
  // Normal and failing exits: stop synchronously (exit handlers cannot wait for promises).
  process.once('exit', () => {
    spawnSync('sh', ['-c', cleanup], { stdio: 'ignore' });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(130));
  }
  // Killed with SIGKILL: a detached watchdog notices our pid is gone and cleans up.
  const watchdog = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; [ -d ${shellQuote(dir)} ] && { ${cleanup}; }`;
  spawn('sh', ['-c', watchdog], { detached: true, stdio: 'ignore' }).unref();
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
