/**
 * Runs SIPp (Debian's sip-tester) from tests and benchmarks: the scenario XML (or a built-in
 * scenario name) goes to a temp dir, SIPp runs on 127.0.0.1 without a terminal, with its error
 * trace and statistics file; the result carries the exit code and the final statistics.
 *
 *   const uas = await startSipp({ builtin: 'uas', transport: 'udp' });   // waits until it listens
 *   const uac = await runSipp({ builtin: 'uac', remote: `127.0.0.1:${uas.port}`, calls: 10, rate: 5 });
 *   assert.equal(uac.exitCode, 0); assert.equal(uac.stats?.failed, 0);
 *   await uas.stop();
 *
 * SIPp exit codes: 0 every call succeeded, 1 at least one call failed, 97 exit on internal command,
 * 99 normal exit without calls processed, 255/-1 fatal error.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portFree } from './free-port.ts';

// The benchmarks import the port helpers from here.
export { freePort, portFree };

export interface SippOptions {
  /** Scenario XML text. Give this or `builtin`. */
  scenario?: string;
  /** A scenario built into SIPp: 'uac', 'uas', 'uac_pcap', 'regexp', 'branchc', 'branchs', … */
  builtin?: string;
  /** `host:port` to send to (UAC side); absent for a UAS. */
  remote?: string;
  /** Local SIP port; default a free one. */
  port?: number;
  transport?: 'udp' | 'tcp';
  /** Stop after this many calls (-m). */
  calls?: number;
  /** New calls per second (-r, with -rp 1000). */
  rate?: number;
  /** Most simultaneous calls (-l). */
  limit?: number;
  /** Request-URI user / [service] (-s). */
  service?: string;
  /** Global timeout in seconds after which SIPp stops (-timeout), and we kill it 5 s later. Default 60. */
  timeoutSeconds?: number;
  /** Media port for RTP echo / pcap play (-mp); default a free one. */
  mediaPort?: number;
  /** [key] values (-key). */
  keys?: Record<string, string>;
  /** Injection file content (-inf), e.g. "SEQUENTIAL\nalice;1234\n". */
  injection?: string;
  /** Write every message to a trace file, kept in the result (-trace_msg). */
  traceMessages?: boolean;
  /** Record every call's response-time measures (rtd) to a file, kept in the result (-trace_rtt -rtt_freq 1). */
  traceRtt?: boolean;
  /** Statistics dump period in seconds (-fd); the final line is always written at exit. */
  statsPeriodSeconds?: number;
  extraArgs?: string[];
  /** Keep the temp dir (for debugging); default removed after exit. */
  keepDir?: boolean;
}

export interface SippStats {
  /** Cumulative counters from the last line of the -trace_stat file, by column name without "(C)". */
  counters: Record<string, string>;
  outgoing: number;
  incoming: number;
  successful: number;
  failed: number;
  retransmissions: number;
  deadCallMessages: number;
  outOfCallMessages: number;
}

export interface SippResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  port: number;
  stats: SippStats | undefined;
  /** Content of the -trace_err file. */
  errors: string;
  /** Content of the -trace_msg file when traceMessages was set. */
  messages: string;
  /** Per-call response times in ms by rtd name/number, when traceRtt was set. */
  rtt: Map<string, number[]>;
  /** When each of those measures was taken (ms since SIPp's start), same order as `rtt`. */
  rttStarts: Map<string, number[]>;
  /** The last 4 000 characters of stdout/stderr (final screen). */
  output: string;
  dir: string;
}

export interface SippProcess {
  readonly port: number;
  readonly pid: number | undefined;
  /** Resolves when SIPp exits by itself. */
  readonly done: Promise<SippResult>;
  /** Asks SIPp to finish (SIGUSR1, like pressing q), kills it if it has not exited 5 s later. */
  stop(): Promise<SippResult>;
  /** Kills SIPp at once (SIGKILL); `done` still resolves. */
  kill(): void;
}

/** Runs SIPp to completion. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  const p = await spawnSipp(opts);
  return p.done;
}

/** Starts SIPp and resolves once it is listening on its port (for a UAS). */
export async function startSipp(opts: SippOptions): Promise<SippProcess> {
  const p = await spawnSipp(opts);
  await waitListening(p.port, opts.transport ?? 'udp', p.done);
  return p;
}

async function spawnSipp(opts: SippOptions): Promise<SippProcess> {
  const port = opts.port ?? (await freePort(opts.transport ?? 'udp'));
  return launchSipp(opts, port, opts.mediaPort ?? (await freePort('udp')));
}

/** Starts SIPp on ports already chosen, without waiting for anything. */
export function launchSipp(opts: SippOptions, port: number, mediaPort: number): SippProcess {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sipp-'));
  const args = buildArgs(opts, dir, port, mediaPort);
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer): void => {
    output = (output + d.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const done = new Promise<SippResult>((resolve) => {
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      const result = collectResult(dir, port, code, signal, output);
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
      resolve(result);
    };
    child.once('error', (err) => {
      output += `\nspawn error: ${err.message}`;
      finish(-1, null);
    });
    child.once('exit', finish);
  });
  const hardKill = setTimeout(() => child.kill('SIGKILL'), ((opts.timeoutSeconds ?? 60) + 5) * 1000);
  hardKill.unref();
  void done.then(() => clearTimeout(hardKill));
  return { port, pid: child.pid, done, stop: () => stopChild(child, done), kill: () => child.kill('SIGKILL') };
}

function buildArgs(opts: SippOptions, dir: string, port: number, mediaPort: number): string[] {
  const args: string[] = [];
  if (opts.scenario !== undefined) {
    const file = join(dir, 'scenario.xml');
    writeFileSync(file, opts.scenario);
    args.push('-sf', file);
  } else args.push('-sn', opts.builtin ?? 'uac');
  args.push('-i', '127.0.0.1', '-p', String(port), '-t', opts.transport === 'tcp' ? 't1' : 'u1');
  args.push('-mi', '127.0.0.1', '-mp', String(mediaPort), '-nostdin');
  args.push('-trace_err', '-error_file', join(dir, 'errors.log'));
  args.push('-trace_stat', '-stf', join(dir, 'stats.csv'), '-fd', String(opts.statsPeriodSeconds ?? 1));
  args.push('-timeout', `${opts.timeoutSeconds ?? 60}s`);
  if (opts.traceMessages) args.push('-trace_msg', '-message_file', join(dir, 'messages.log'));
  if (opts.traceRtt) args.push('-trace_rtt', '-rtt_freq', '1');
  if (opts.calls !== undefined) args.push('-m', String(opts.calls));
  if (opts.rate !== undefined) args.push('-r', String(opts.rate), '-rp', '1000');
  if (opts.limit !== undefined) args.push('-l', String(opts.limit));
  if (opts.service !== undefined) args.push('-s', opts.service);
  if (opts.injection !== undefined) {
    const file = join(dir, 'injection.csv');
    writeFileSync(file, opts.injection);
    args.push('-inf', file);
  }
  for (const [k, v] of Object.entries(opts.keys ?? {})) args.push('-key', k, v);
  args.push(...(opts.extraArgs ?? []));
  if (opts.remote !== undefined) args.push(opts.remote);
  return args;
}

function collectResult(dir: string, port: number, exitCode: number | null, signal: NodeJS.Signals | null, output: string): SippResult {
  const read = (name: string): string => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  // SIPp may add its own prefix to trace files; pick up any *errors* log in the dir.
  const errors = readdirSync(dir).filter((f) => f.includes('error')).map((f) => read(f)).join('\n');
  const { rtt, at } = parseRtt(readdirSync(dir).filter((f) => f.endsWith('_rtt.csv')).map((f) => read(f)).join('\n'));
  return { exitCode, signal, port, stats: parseStats(read('stats.csv')), errors, messages: read('messages.log'), rtt, rttStarts: at, output, dir };
}

/** Parses -trace_rtt lines `Date_ms;response_time_ms;rtd_no` (header lines skipped). */
export function parseRtt(text: string): { rtt: Map<string, number[]>; at: Map<string, number[]> } {
  const out = new Map<string, number[]>();
  const at = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(';');
    if (f.length < 3) continue;
    const ms = Number(f[1]);
    const name = (f[2] ?? '').trim();
    if (f[1] === '' || !Number.isFinite(ms) || name.length === 0) continue;
    const list = out.get(name) ?? [];
    list.push(ms);
    out.set(name, list);
    const when = at.get(name) ?? [];
    when.push(Number(f[0]));
    at.set(name, when);
  }
  return { rtt: out, at };
}

/** Parses the last data line of a SIPp -trace_stat CSV (semicolon separated, header first). */
export function parseStats(csv: string): SippStats | undefined {
  const lines = csv.split('\n').filter((l) => l.trim().length > 0);
  const header = lines[0]?.split(';');
  const last = lines.length > 1 ? lines[lines.length - 1]?.split(';') : undefined;
  if (header === undefined || last === undefined) return undefined;
  const counters: Record<string, string> = {};
  header.forEach((name, i) => {
    if (name.endsWith('(C)')) counters[name.slice(0, -3)] = (last[i] ?? '').trim();
  });
  const num = (k: string): number => Number(counters[k] ?? 'NaN');
  return {
    counters,
    outgoing: num('OutgoingCall'),
    incoming: num('IncomingCall'),
    successful: num('SuccessfulCall'),
    failed: num('FailedCall'),
    retransmissions: num('Retransmissions'),
    deadCallMessages: num('DeadCallMsgs'),
    outOfCallMessages: num('OutOfCallMsgs'),
  };
}

async function stopChild(child: ChildProcess, done: Promise<SippResult>): Promise<SippResult> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGUSR1');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    t.unref();
    const r = await done;
    clearTimeout(t);
    return r;
  }
  return done;
}

/** Polls until SIPp holds its port (or has exited). */
export async function waitListening(port: number, transport: 'udp' | 'tcp', done: Promise<SippResult>): Promise<void> {
  let exited = false;
  void done.then(() => (exited = true));
  for (let i = 0; i < 200 && !exited; i++) {
    if (!(await portFree(port, transport))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  if (exited) {
    const r = await done;
    throw new Error(`sipp exited before listening (code ${r.exitCode}): ${r.output.slice(-800)}`);
  }
  throw new Error(`sipp did not start listening on ${transport} ${port}`);
}
