// The phones of bench/media behind one interface: the C generator (rtp-load.c, the default: about
// a fifth of a core at 500 calls, kernel arrival timestamps) or the Node one (rtp-load.ts, about a
// core at 500 calls; its own lateness shows as jitter for every relay alike).

import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadReport, LoadTarget } from './rtp-load.ts';
import { askChild as ask } from './child-ask.ts';

export interface LoadGenerator {
  readonly name: string;
  readonly pid: number;
  /** The phones' source ports (each side shares a few sockets among all calls). */
  readonly ports: { caller: number[]; callee: number[] };
  start(targets: LoadTarget[]): Promise<void>;
  /** Zeroes the counters (after the warm-up). */
  reset(): Promise<void>;
  report(): Promise<LoadReport>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** Compiles rtp-load.c with the system C compiler; throws when there is none. */
function buildNative(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'rtp-load-')), 'rtp-load');
  execFileSync('cc', ['-O2', '-o', out, join(here, 'rtp-load.c')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

/**
 * Real-time priority (`--rt`), when the system allows it. Off by default: the generator wakes up
 * some 8 000 times a second to read, and at real-time priority every wake-up preempts a relay
 * thread at once. Its figures do not need it: sends are stamped when they leave, arrivals by the
 * kernel, so its own lateness is not counted as the relay's jitter.
 */
function realtime(wanted: boolean): string[] {
  if (!wanted) return [];
  try {
    execFileSync('chrt', ['-f', '10', 'true'], { stdio: 'ignore' });
    return ['chrt', '-f', '10'];
  } catch {
    return [];
  }
}

/** `phases`: how many slots of the 20 ms frame the streams are spread over (1..20). */
export async function nativeGenerator(socketsPerSide: number, phases = 20, rt = false): Promise<LoadGenerator> {
  const [cmd = '', ...args] = [...realtime(rt), buildNative()];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const ask = (text: string, expect: string): Promise<string[]> =>
    new Promise((resolve, reject) => {
      waiting.push((line) => {
        const words = line.split(' ');
        if (words[0] === expect) resolve(words);
        else reject(new Error(`rtp-load answered '${line}' to '${text.split('\n')[0]}'`));
      });
      child.stdin.write(text + '\n');
    });
  const ready = await ask(`init ${socketsPerSide} ${phases}`, 'ready');
  const list = (s: string | undefined): number[] => (s ?? '').split(',').map(Number);
  return {
    name: `C (rtp-load.c), streams spread over ${phases} phases of the 20 ms frame${args.length > 0 ? ', SCHED_FIFO' : ''}`,
    pid: child.pid ?? 0,
    ports: { caller: list(ready[1]), callee: list(ready[2]) },
    async start(targets) {
      for (const t of targets) if (t.a.address !== '127.0.0.1' || t.b.address !== '127.0.0.1') throw new Error('rtp-load.c sends to 127.0.0.1 only');
      await ask([`start ${targets.length}`, ...targets.map((t) => `${t.a.port} ${t.b.port}`)].join('\n'), 'started');
    },
    async reset() {
      await ask('reset', 'reset-done');
    },
    async report() {
      const w = (await ask('report', 'report')).slice(1).map(Number);
      const [sent = 0, received = 0, lost = 0, jitterP50 = 0, jitterP99 = 0, delayP50 = 0, delayP99 = 0, lateTicks = 0] = w;
      return { type: 'report', sent, received, lost, jitterP50, jitterP99, delayP50, delayP99, lateTicks };
    },
    async stop() {
      await ask('stop', 'stopped');
    },
    async close() {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function nodeGenerator(socketsPerSide: number): Promise<LoadGenerator> {
  const child = fork(join(here, 'rtp-load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports = await ask<{ caller: number[]; callee: number[] }>(child, { type: 'init', socketsPerSide }, 'ready');
  return {
    name: 'Node (rtp-load.ts)',
    pid: child.pid ?? 0,
    ports: { caller: ports.caller, callee: ports.callee },
    async start(targets) {
      await ask(child, { type: 'start', targets }, 'started');
    },
    async reset() {
      await ask(child, { type: 'reset' }, 'reset-done');
    },
    report() {
      return ask<LoadReport>(child, { type: 'report' }, 'report');
    },
    async stop() {
      await ask(child, { type: 'stop' }, 'stopped');
    },
    async close() {
      child.disconnect();
      await new Promise((r) => child.once('exit', r));
    },
  };
}
