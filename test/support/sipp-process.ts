/**
 * Runs one SIPp instance for a test: scenario XML written to a temp dir, loopback only, no
 * terminal, a hard timeout; resolves its exit code (0: every call succeeded) and its error log.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SippRun {
  exitCode: number;
  errors: string;
  stdout: string;
}

export interface SippOptions {
  scenario: string;
  port: number;
  mediaPort: number;
  /** `host:port` to call (UAC); absent for a UAS. */
  remote?: string;
  service?: string;
  keys?: Record<string, string>;
  extraArgs?: string[];
  timeoutSeconds?: number;
}

export function startSipp(opts: SippOptions): { done: Promise<SippRun>; kill(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sipp-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, opts.scenario);
  const args = ['-sf', file, '-i', '127.0.0.1', '-p', String(opts.port), '-m', '1', '-mi', '127.0.0.1', '-mp', String(opts.mediaPort), '-nostdin', '-trace_err', '-timeout', `${opts.timeoutSeconds ?? 30}s`, '-timeout_error', '-max_recv_loops', '1000'];
  if (opts.service) args.push('-s', opts.service);
  for (const [k, v] of Object.entries(opts.keys ?? {})) args.push('-key', k, v);
  args.push(...(opts.extraArgs ?? []));
  if (opts.remote) args.push(opts.remote);
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<SippRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const errors = readdirSync(dir).filter((f) => f.endsWith('_errors.log')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode: code ?? (signal ? 128 : -1), errors, stdout: stdout.slice(-4000) });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** A UDP port free right now on loopback (SIPp binds it a moment later). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

let media = 40000 + (process.pid % 100) * 100;
/** Even media ports for SIPp (RTP on n, RTCP n+1, its video pair n+2/n+3), per process. */
export function nextMediaPort(): number {
  media += 4;
  if (media > 59990) media = 40000;
  return media;
}
