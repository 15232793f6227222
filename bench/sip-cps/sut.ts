// The system under test (c): a command the harness starts (with the ports in its environment),
// or an address of one already running. Ready when it answers a SIP OPTIONS (or a ready URL).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface SutProcess {
  /** The root process, when the harness started it. */
  readonly pid: number | undefined;
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
  output(): string;
}

export interface SutOptions {
  /** Shell command; gets BENCH_SIP_PORT (where it must listen) and BENCH_UAS_PORT (the SIPp callee on 127.0.0.1) in its environment. */
  command?: string;
  /** host:port of an already running system (then `command` is not used). */
  target?: string;
  /** Optional HTTP URL that answers 200 when ready (e.g. http://127.0.0.1:8080/healthz). */
  readyUrl?: string;
  sipPort: number;
  uasPort: number;
  readyTimeoutMs: number;
}

export async function startSut(opts: SutOptions): Promise<SutProcess> {
  if (opts.target !== undefined) {
    const [host, port] = opts.target.split(':');
    const sut = { pid: undefined, host: host ?? '127.0.0.1', port: Number(port), stop: async () => undefined, output: () => '' };
    await waitReady(sut.host, sut.port, opts);
    return sut;
  }
  if (opts.command === undefined) throw new Error('the system under test needs --sut-cmd or --sut-target');
  const child: ChildProcess = spawn('sh', ['-c', opts.command], {
    detached: true, // its own process group, so stop() reaches the whole tree it spawns
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_SIP_PORT: String(opts.sipPort), BENCH_UAS_PORT: String(opts.uasPort) },
  });
  let out = '';
  const collect = (d: Buffer): void => {
    out = (out + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.pid === undefined || child.exitCode !== null) return;
    process.kill(-child.pid, 'SIGTERM');
    const t = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  try {
    await waitReady('127.0.0.1', opts.sipPort, opts, () => child.exitCode !== null);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${out}`);
  }
  return { pid: child.pid, host: '127.0.0.1', port: opts.sipPort, stop, output: () => out };
}

async function waitReady(host: string, port: number, opts: SutOptions, dead: () => boolean = () => false): Promise<void> {
  const until = Date.now() + opts.readyTimeoutMs;
  while (Date.now() < until) {
    if (dead()) throw new Error('the system under test exited before it was ready');
    const ok = opts.readyUrl !== undefined ? await httpOk(opts.readyUrl) : await optionsAnswered(host, port);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the system under test was not ready within ${opts.readyTimeoutMs} ms`);
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    return res.ok;
  } catch {
    return false;
  }
}

/** Any SIP response to an OPTIONS over UDP means the SIP side is up. */
function optionsAnswered(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const done = (v: boolean): void => {
      clearTimeout(t);
      s.close();
      resolve(v);
    };
    const t = setTimeout(() => done(false), 500);
    s.on('message', (m) => done(m.toString('latin1').startsWith('SIP/2.0 ')));
    s.on('error', () => done(false));
    s.bind(0, '127.0.0.1', () => {
      const p = s.address().port;
      const id = `bench-ready-${Date.now()}`;
      s.send(
        `OPTIONS sip:ping@${host}:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${p};branch=z9hG4bK${id};rport\r\nMax-Forwards: 70\r\n` +
          `From: <sip:bench@127.0.0.1>;tag=${id}\r\nTo: <sip:ping@${host}>\r\nCall-ID: ${id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
        port,
        host,
      );
    });
  });
}
