// Memory probe of the platform under SIP load: is anything left once the calls are over?
// Starts the platform (platform-sut.ts, node flags from BENCH_NODE_ARGS plus a heap-snapshot
// signal), warms it up, writes heap snapshot A, drives --rate calls/s for --seconds, waits
// --idle-seconds (longer than the 32 s linger of finished transactions), writes snapshot B, and
// prints the PSS at each point (snapshot L, right after the load, shows what lingers per call). Compare the two snapshots with heap-summary.ts. Usage:
//   flock /tmp/hotline-bench.lock node --import tsx bench/sip-cps/mem-probe.ts --rate 300 --seconds 30 --idle-seconds 45
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freePort } from '../../test/support/sipp.ts';
import { processTree, treeMemory } from './proc.ts';
import { runStep } from './step.ts';
import { startSut } from './sut.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '30' },
    'idle-seconds': { type: 'string', default: '45' },
    service: { type: 'string', default: '4006123456' },
    caller: { type: 'string', default: '13912345678' },
    dir: { type: 'string', default: '/tmp/hotline-mem-probe' },
  },
});
const dir = values.dir ?? '/tmp/hotline-mem-probe';
const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));
const uasPort = 20000 + Math.floor(Math.random() * 12000);
process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;
const sut = await startSut({
  command: `mkdir -p ${dir} && bash bench/sip-cps/platform-sut.sh`,
  sipPort: await freePort('tcp'),
  uasPort,
  readyTimeoutMs: 60_000,
});
const base = { target: { host: sut.host, port: sut.port }, uasPort, service: values.service ?? '', caller: values.caller ?? '', transport: 'udp' } as const;

/** The platform's own node process in the tree (sh → node `hotline.mjs start` → esbuild …). */
function platformPid(): number {
  for (const pid of processTree(sut.pid ?? 0)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('hotline.mjs\0start')) return pid;
    } catch {
      // gone
    }
  }
  throw new Error('the platform process was not found');
}
async function snapshot(label: string): Promise<void> {
  // Writing a snapshot itself grows the process: the PSS that counts is the one before.
  console.log(`${label}: PSS ${treeMemory(sut.pid ?? 0).pssKiB} KiB before the snapshot`);
  const before = new Set(readdirSync(dir));
  process.kill(platformPid(), 'SIGUSR2');
  for (let i = 0; i < 120; i++) {
    await sleep(1);
    const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (fresh.length > 0) {
      await sleep(2);
      console.log(`${label}: heap snapshot ${dir}/${fresh[0]}`);
      return;
    }
  }
  console.log(`${label}: no heap snapshot appeared`);
}

try {
  const pr = (label: string, r: Awaited<ReturnType<typeof runStep>>): void =>
    console.log(`${label}: ${r.successful}/${r.attempted} ok, ${r.failed} failed, ${r.retransmissions} retransmissions, achieved ${r.achievedRate.toFixed(1)}/s ${r.note}`);
  pr('warm-up', await runStep({ ...base, rate: 20, seconds: 5, callMs: 500 }));
  await sleep(40);
  await snapshot('A (after warm-up and 40 s idle)');
  pr('load', await runStep({ ...base, rate: Number(values.rate), seconds: Number(values.seconds), callMs: 500 }));
  console.log(`right after the load: PSS ${treeMemory(sut.pid ?? 0).pssKiB} KiB`);
  // While the finished calls' transactions linger (64·T1 = 32 s): what each call leaves behind.
  await snapshot('L (right after the load, finished transactions lingering)');
  await sleep(Number(values['idle-seconds']));
  await snapshot(`B (after ${values['idle-seconds']} s idle)`);
} finally {
  await sut.stop();
}
