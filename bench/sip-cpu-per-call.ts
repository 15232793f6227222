// CPU time per call of the platform process at a fixed, moderate rate — the measure that a shared,
// busy machine distorts least (a calls/s ceiling measured next to other work is noise; the CPU a
// process spends per call is mostly its own). SIPp caller → platform → SIPp callee, 500 ms calls.
//
// Every target is started once, warmed up, then measured in alternation (A B, B A, …) so that drift
// in the machine's load hits both alike. Per round and target: the platform's user+system CPU (all
// its threads, /proc/<pid>/stat; the main thread apart) over one step, divided by the calls
// completed. SIPp retransmits nothing (-nr): a platform slowed by the machine's load would otherwise
// be sent more messages, and spend more CPU, the slower it gets.
//
//   node --import tsx bench/sip-cpu-per-call.ts \
//     --target 'main=bash bench/sip-cps/platform-sut.sh' \
//     --target '208cdc1=bash /tmp/old208/bench/sip-cps/platform-sut.sh' \
//     --rate 100 --seconds 30 --rounds 4
//
// The command gets BENCH_SIP_PORT and BENCH_UAS_PORT (bench/sip-cps/sut.ts) and must start a platform
// whose 400 number routes to the callee (platform-sut.sh does). BENCH_NODE_ARGS reaches the
// platform's node there: '--cpu-prof --cpu-prof-dir=/tmp/prof' profiles each target (written at exit).
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freePort, portFree } from '../test/support/sipp.ts';
import { processTree } from './sip-cps/proc.ts';
import { percentile, runStep } from './sip-cps/step.ts';
import type { StepSpec } from './sip-cps/step.ts';
import { startSut } from './sip-cps/sut.ts';
import type { SutProcess } from './sip-cps/sut.ts';

const { values } = parseArgs({
  options: {
    target: { type: 'string', multiple: true, default: ['main=bash bench/sip-cps/platform-sut.sh'] },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '4' },
    'call-ms': { type: 'string', default: '500' },
    'warmup-calls': { type: 'string', default: '1000' },
    service: { type: 'string', default: '4006123456' },
    caller: { type: 'string', default: '13912345678' },
  },
});

const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const callMs = Number(values['call-ms']);
const ticksPerSecond = 100; // USER_HZ on Linux

interface Target {
  name: string;
  command: string;
  sut?: SutProcess;
  platformPid?: number;
  base?: Omit<StepSpec, 'rate' | 'seconds' | 'callMs'>;
  /** µs of CPU per completed call, one per round. */
  perCall: number[];
  /** The same, the main thread's only. */
  mainPerCall: number[];
  failed: number;
}

const targets: Target[] = (values.target ?? []).map((spec) => {
  const at = spec.indexOf('=');
  if (at <= 0) throw new Error(`--target wants name=command, got "${spec}"`);
  return { name: spec.slice(0, at), command: spec.slice(at + 1), perCall: [], mainPerCall: [], failed: 0 };
});

/** utime+stime in ticks of a /proc stat file: a process (all its threads) or one thread. */
function ticks(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 after the name.
  return Number(fields[11]) + Number(fields[12]);
}

/** The whole process, and its main thread (the JS event loop: SIP, calls, DB) apart from the media workers and libuv's pool. */
function processTicks(pid: number): { all: number; main: number } {
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** The platform's node process: the one in the SUT's tree running `hotline.mjs start`. */
function findPlatform(rootPid: number): number {
  for (const pid of processTree(rootPid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('hotline.mjs')) && cmd.includes('start')) return pid;
    } catch {
      // gone
    }
  }
  throw new Error(`no "hotline.mjs start" process under ${rootPid}`);
}

/** A port below the ephemeral range, so no outgoing socket takes the callee's port between steps. */
async function stablePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if ((await portFree(port, 'udp')) && (await portFree(port, 'tcp'))) return port;
  }
}

const cpuCores = readdirSync('/sys/devices/system/cpu').filter((n) => /^cpu\d+$/.test(n)).length;
console.log(`sip-cpu-per-call: ${rate}/s × ${seconds} s, ${rounds} rounds, calls of ${callMs} ms, ${cpuCores} CPUs, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);

try {
  for (const t of targets) {
    const uasPort = await stablePort();
    t.sut = await startSut({ command: t.command, sipPort: await freePort('tcp'), uasPort, readyTimeoutMs: 90_000 });
    if (t.sut.pid === undefined) throw new Error(`${t.name}: no pid`);
    t.platformPid = findPlatform(t.sut.pid);
    console.log(`[${t.name}] platform pid ${t.platformPid}`);
    t.base = { target: { host: t.sut.host, port: t.sut.port }, uasPort, service: values.service ?? '', caller: values.caller ?? '', transport: 'udp', noRetransmissions: true };
    const warmup = Number(values['warmup-calls']);
    if (warmup > 0) {
      // JIT warm-up outside the figures, at the measured rate so the same code paths get optimised.
      const w = await runStep({ ...t.base, rate, seconds: warmup / rate, callMs });
      console.log(`[${t.name}] warm-up: ${w.successful}/${w.attempted} ok, ${w.failed} failed`);
    }
  }
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order too (A B, B A, …) so neither always runs right after the other's step.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const t of order) {
      if (t.base === undefined || t.platformPid === undefined) continue;
      const before = processTicks(t.platformPid);
      const r = await runStep({ ...t.base, rate, seconds, callMs });
      // Let the last calls' BYE transactions and call-end work finish inside the window.
      await new Promise((res) => setTimeout(res, 1000));
      const after = processTicks(t.platformPid);
      const cpuMs = ((after.all - before.all) * 1000) / ticksPerSecond;
      const us = r.successful > 0 ? (cpuMs * 1000) / r.successful : Number.NaN;
      const mainUs = r.successful > 0 ? ((after.main - before.main) * 1e6) / ticksPerSecond / r.successful : Number.NaN;
      t.perCall.push(us);
      t.mainPerCall.push(mainUs);
      t.failed += r.failed;
      console.log(
        `[${t.name}] round ${round}: ${r.successful}/${r.attempted} ok, ${r.failed} failed, ${r.retransmissions} retransmissions, ` +
          `CPU ${cpuMs.toFixed(0)} ms → ${us.toFixed(0)} µs per call (main thread ${mainUs.toFixed(0)}); INVITE→180 p50 ${percentile(r.pdd, 50) ?? '-'} p99 ${percentile(r.pdd, 99) ?? '-'} ms`,
      );
    }
  }
} finally {
  for (const t of targets) await t.sut?.stop();
}

console.log('--- µs of platform CPU per call (user+system, all threads)');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const first = targets[0];
for (const t of targets) {
  const m = median(t.perCall);
  const vsFirst = first !== undefined && t !== first ? ` (${((m / median(first.perCall)) * 100).toFixed(0)} % of ${first.name})` : '';
  const rounds = t.perCall.map((x) => x.toFixed(0)).join(' / ');
  console.log(`${t.name.padEnd(12)} median ${m.toFixed(0)} µs (main thread ${median(t.mainPerCall).toFixed(0)}), rounds ${rounds}, ${t.failed} failed calls${vsFirst}`);
}
