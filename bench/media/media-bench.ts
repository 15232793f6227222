// bench/media: N concurrent bridged calls, RTP both ways at 50 packets per second per direction,
// through the embedded engine (recording on) and, at the same N, through Debian's rtpengine
// (userspace, --table=-1, driven over its ng control protocol). Prints, per step: loss, added
// jitter p99, CPU and memory per call, and the CPU ratio to rtpengine. See README.md.
//
//   node --import tsx bench/media/media-bench.ts [--steps 100,200,300,400,500] [--duration 60]
//        [--warmup 3] [--no-record] [--no-rtpengine] [--relay-only] [--sockets 8] [--keep-going] [--workers 0]
//        [--generator c|node] [--phases 20] [--rt] [--native-io on|off|off,on]

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeGenerator, nodeGenerator, type LoadGenerator } from './load-generator.ts';
import type { LoadTarget } from './rtp-load.ts';
import { NgClient } from './ng-client.ts';
import { cpuMs, rssKiB } from './proc-stats.ts';
import { askChild as ask } from './child-ask.ts';

interface Args {
  steps: number[];
  durationS: number;
  warmupS: number;
  record: boolean;
  rtpengine: boolean;
  relayOnly: boolean;
  sockets: number;
  keepGoing: boolean;
  generator: 'c' | 'node';
  phases: number;
  rt: boolean;
  /** One embedded relay per value (HOTLINE_MEDIA_NATIVE_IO); default the engine's own (auto). */
  nativeIo: ('on' | 'off' | 'auto')[];
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    steps: (get('steps') ?? '100,200,300,400,500').split(',').map(Number).filter((n) => n > 0),
    durationS: Number(get('duration') ?? 60),
    warmupS: Number(get('warmup') ?? 3),
    record: !argv.includes('--no-record'),
    rtpengine: !argv.includes('--no-rtpengine'),
    relayOnly: argv.includes('--relay-only'),
    sockets: Number(get('sockets') ?? 8),
    keepGoing: argv.includes('--keep-going'),
    generator: get('generator') === 'node' ? 'node' : 'c',
    phases: Number(get('phases') ?? 20),
    rt: argv.includes('--rt'),
    nativeIo: (get('native-io') ?? 'auto').split(',').map((v) => (v === 'on' || v === 'off' ? v : 'auto')),
  };
}

const here = fileURLToPath(new URL('.', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function forkTs(file: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const extra = process.env.BENCH_PROF && file.startsWith('embedded') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  // BENCH_RELAY_NODE_ARGS: extra Node flags for the embedded relay's process (e.g. --trace-gc).
  if (file.startsWith('embedded')) extra.push(...(process.env.BENCH_RELAY_NODE_ARGS ?? '').split(' ').filter(Boolean));
  return fork(join(here, file), [], { execArgv: ['--import', 'tsx', '--expose-gc', ...extra], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function phoneSdp(port: number): string {
  return ['v=0', 'o=phone 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
}

function portOf(sdp: string): number {
  return Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
}

interface MemoryStats {
  rss: number;
  heapUsed: number;
  external: number;
}

interface Relay {
  name: string;
  pid: number;
  /** Live memory after a collection (Node relays only). */
  memory?(): Promise<MemoryStats>;
  setup(phones: { caller: number; callee: number }[]): Promise<LoadTarget[]>;
  teardown(): Promise<void>;
  close(): Promise<void>;
}

async function embeddedRelay(record: boolean, dir: string, nativeIo: 'on' | 'off' | 'auto' = 'auto'): Promise<Relay> {
  // --workers N: the embedded server runs the worker-thread engine (N threads); default 0.
  const workers = process.argv.includes('--workers') ? Number(process.argv[process.argv.indexOf('--workers') + 1]) : 0;
  const crashAfter = process.argv.includes('--crash-worker-after') ? Number(process.argv[process.argv.indexOf('--crash-worker-after') + 1]) : 0;
  const child = forkTs('embedded-server.ts', { BENCH_MEDIA_WORKERS: String(workers), BENCH_NATIVE_IO: nativeIo, BENCH_CRASH_WORKER_AFTER_MS: String(crashAfter * 1000) });
  await new Promise<void>((r) => child.once('message', () => r()));
  return {
    name: `${record ? 'embedded+rec' : 'embedded'}${workers > 0 ? ` ×${workers} workers` : ''}${nativeIo === 'auto' ? '' : nativeIo === 'on' ? ' native-io' : ' node:dgram'}`,
    pid: child.pid ?? 0,
    async setup(phones) {
      const res = await ask<{ ports: { a: number; b: number }[] }>(child, { type: 'setup', phones, record, dir }, 'ready');
      return res.ports.map((p) => ({ a: { address: '127.0.0.1', port: p.a }, b: { address: '127.0.0.1', port: p.b } }));
    },
    async teardown() {
      await ask(child, { type: 'teardown' }, 'done');
    },
    memory() {
      return ask<MemoryStats>(child, { type: 'stats' }, 'stats');
    },
    async close() {
      child.disconnect();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function rtpengineRelay(): Promise<Relay> {
  const ngPort = 22222 + Math.floor(Math.random() * 1000);
  const child = spawn('rtpengine', [
    '--config-file=none', '--foreground', '--log-stderr', '--log-level=3', '--table=-1',
    '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`, '--port-min=60000', '--port-max=64999',
    '--delete-delay=0', '--timeout=600',
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  await sleep(500);
  const ng = await NgClient.open(ngPort);
  await ng.command({ command: 'ping' }).catch(async () => {
    await sleep(1000);
    return ng.request({ command: 'ping' });
  });
  let ids: string[] = [];
  let round = 0;
  return {
    name: 'rtpengine',
    pid: child.pid ?? 0,
    async setup(phones) {
      round++;
      const targets: LoadTarget[] = [];
      for (const [i, ph] of phones.entries()) {
        const callId = `bench-${round}-${i}`;
        const offer = await ng.command({ command: 'offer', 'call-id': callId, 'from-tag': 'caller', sdp: phoneSdp(ph.caller), replace: ['origin', 'session-connection'] });
        const answer = await ng.command({ command: 'answer', 'call-id': callId, 'from-tag': 'caller', 'to-tag': 'callee', sdp: phoneSdp(ph.callee), replace: ['origin', 'session-connection'] });
        ids.push(callId);
        // The offer rewritten for the callee names where the callee sends; the answer, the caller.
        targets.push({ a: { address: '127.0.0.1', port: portOf(String(answer.sdp)) }, b: { address: '127.0.0.1', port: portOf(String(offer.sdp)) } });
      }
      return targets;
    },
    async teardown() {
      for (const id of ids) await ng.command({ command: 'delete', 'call-id': id, 'from-tag': 'caller' }).catch(() => undefined);
      ids = [];
    },
    async close() {
      ng.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

interface StepResult {
  relay: string;
  calls: number;
  lossPct: number;
  jitterP99: number;
  delayP99: number;
  cpuPct: number;
  cpuPerCallPct: number;
  usPerPacket: number;
  rssPerCallKiB: number;
  /** RSS with the calls up (KiB), for the marginal figure between steps. */
  loadedRssKiB: number;
  /** (RSS at this step − RSS at the previous step) / (N − previous N): memory per added call, without the engine's fixed headroom. */
  marginalKiBPerCall?: number;
  /** V8 heap + off-heap buffers per call after a collection (Node relays). */
  liveKiBPerCall?: number;
  pass: boolean;
  /** The generator's CPU over the window, % of one core (it shares the machine with the relay). */
  generatorCpuPct: number;
}

async function runStep(relay: Relay, gen: LoadGenerator, n: number, args: Args): Promise<StepResult> {
  const phonePorts = gen.ports;
  const idleMem = await relay.memory?.();
  const idleRss = rssKiB(relay.pid);
  const phones = Array.from({ length: n }, (_, i) => ({ caller: phonePorts.caller[i % phonePorts.caller.length] ?? 0, callee: phonePorts.callee[i % phonePorts.callee.length] ?? 0 }));
  const targets = await relay.setup(phones);
  await gen.start(targets);
  await sleep(args.warmupS * 1000);
  await gen.reset();
  const cpu0 = cpuMs(relay.pid);
  const genCpu0 = cpuMs(gen.pid);
  const t0 = performance.now();
  // RSS once a second through the window; its median is the loaded figure. A single reading at
  // the end lands wherever the workers' heaps are in their GC cycle (20 s windows read ≈ 300 KiB
  // per call at 500 calls where 60 s windows read ≈ 130).
  const rssSamples: number[] = [];
  for (let left = args.durationS * 1000; left > 0; left -= 1000) {
    await sleep(Math.min(1000, left));
    rssSamples.push(rssKiB(relay.pid));
  }
  const report = await gen.report();
  const cpu1 = cpuMs(relay.pid);
  const genCpu1 = cpuMs(gen.pid);
  const elapsed = performance.now() - t0;
  const loadedMem = await relay.memory?.();
  const sortedRss = rssSamples.sort((a, b) => a - b);
  const loadedRss = sortedRss[Math.floor(sortedRss.length / 2)] ?? rssKiB(relay.pid);
  await gen.stop();
  await relay.teardown();
  const lossPct = (100 * report.lost) / Math.max(1, report.received + report.lost);
  const cpuPct = (100 * (cpu1 - cpu0)) / elapsed;
  const result: StepResult = {
    relay: relay.name,
    calls: n,
    lossPct,
    jitterP99: report.jitterP99,
    delayP99: report.delayP99,
    cpuPct,
    cpuPerCallPct: cpuPct / n,
    usPerPacket: ((cpu1 - cpu0) * 1000) / Math.max(1, report.received),
    rssPerCallKiB: (loadedRss - idleRss) / n,
    loadedRssKiB: loadedRss,
    pass: lossPct < 0.1 && report.jitterP99 < 5,
    generatorCpuPct: (100 * (genCpu1 - genCpu0)) / elapsed,
  };
  if (idleMem && loadedMem) result.liveKiBPerCall = (loadedMem.heapUsed + loadedMem.external - idleMem.heapUsed - idleMem.external) / 1024 / n;
  if (report.lateTicks > 0) console.log(`  (generator ran ${report.lateTicks} ticks late: its own load shows in the jitter)`);
  return result;
}

function print(r: StepResult, ref?: StepResult): void {
  const ratio = ref ? ` | cpu/call ×${(r.cpuPerCallPct / ref.cpuPerCallPct).toFixed(2)} of rtpengine` : '';
  console.log(
    `${r.relay.padEnd(13)} N=${String(r.calls).padStart(4)} | loss ${r.lossPct.toFixed(3)}% | added jitter p99 ${r.jitterP99.toFixed(2)} ms | delay p99 ${r.delayP99.toFixed(2)} ms | ` +
      `CPU ${r.cpuPct.toFixed(1)}% of a core, ${r.cpuPerCallPct.toFixed(3)}%/call, ${r.usPerPacket.toFixed(1)} µs/packet | RSS ${r.rssPerCallKiB.toFixed(1)} KiB/call${r.marginalKiBPerCall !== undefined ? `, ${r.marginalKiBPerCall.toFixed(1)} per added call` : ''}${r.liveKiBPerCall !== undefined ? ` (live heap+buffers ${r.liveKiBPerCall.toFixed(1)})` : ''} | ${r.pass ? 'PASS' : 'FAIL'}${ratio} | generator ${r.generatorCpuPct.toFixed(0)}%`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`bench/media on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`steps ${args.steps.join(',')} calls, ${args.durationS} s each (after ${args.warmupS} s warm-up), recording ${args.record ? 'on' : 'off'}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-media-'));
  const gen = args.generator === 'node' ? await nodeGenerator(args.sockets) : await nativeGenerator(args.sockets, args.phases, args.rt);
  console.log(`load generator: ${gen.name}`);
  const embeddedRelays: Relay[] = [];
  for (const io of args.nativeIo) embeddedRelays.push(await embeddedRelay(args.record, dir, io));
  const plain = args.relayOnly && args.record ? await embeddedRelay(false, dir) : undefined;
  const rtpengine = args.rtpengine ? await rtpengineRelay() : undefined;
  let best: StepResult | undefined;
  const previous = new Map<string, StepResult>();
  const step = async (relay: Relay, n: number): Promise<StepResult> => {
    const r = await runStep(relay, gen, n, args);
    const before = previous.get(relay.name);
    if (before && n > before.calls) r.marginalKiBPerCall = (r.loadedRssKiB - before.loadedRssKiB) / (n - before.calls);
    previous.set(relay.name, r);
    return r;
  };
  try {
    for (const n of args.steps) {
      console.log(`-- N=${n} (load average ${loadavg()[0]?.toFixed(2)})`);
      const ref = rtpengine ? await step(rtpengine, n) : undefined;
      if (ref) print(ref);
      if (plain) print(await step(plain, n), ref);
      let passed = false;
      for (const embedded of embeddedRelays) {
        const r = await step(embedded, n);
        print(r, ref);
        if (r.pass) best = r;
        passed ||= r.pass;
      }
      if (!passed && !args.keepGoing) break;
    }
  } finally {
    for (const embedded of embeddedRelays) await embedded.close();
    await plain?.close();
    await rtpengine?.close();
    await gen.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(best ? `largest N held (${best.relay}): ${best.calls} bridged calls for ${args.durationS} s` : 'no step held');
}

await main();
