// A SIP flood against the platform while a trunk brings real calls (issue 11 finding 2): one
// address sends INVITEs at --flood-rate for --seconds while SIPp, behind the carrier trunk, places
// short calls at --trunk-rate. Prints the legitimate calls completed, what the flood got back, and
// the platform's memory and CPU before and during the flood. `--guard off` runs the same with the
// edge guard's rate limit and scanner check off, for the "before" figures.
//
//   node --import tsx bench/sip-flood/run.ts                       # 2 000 INVITEs/s vs 50 calls/s, 20 s
//   node --import tsx bench/sip-flood/run.ts --seconds 5 --guard off
import { parseArgs } from 'node:util';
import { cpuMs } from '../media/proc-stats.ts';
import { processTree, treeMemory } from '../sip-cps/proc.ts';
import { runStep } from '../sip-cps/step.ts';
import { startSut } from '../sip-cps/sut.ts';
import { freePort } from '../../test/support/sipp.ts';
import { floodInvites } from '../../test/support/udp-flood.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    'flood-rate': { type: 'string', default: '2000' },
    'trunk-rate': { type: 'string', default: '50' },
    'flood-from': { type: 'string', default: '127.0.0.7' },
    guard: { type: 'string', default: 'on' },
  },
});
const seconds = Number(values.seconds);
const floodRate = Number(values['flood-rate']);
const trunkRate = Number(values['trunk-rate']);
if (values.guard === 'off') {
  // The platform process inherits these (platform-sut.ts passes the environment on).
  process.env.HOTLINE_SIP_RATE_LIMIT = '0';
  process.env.HOTLINE_SIP_DROP_SCANNERS = 'false';
}

const sipPort = await freePort('udp');
const uasPort = await freePort('udp');
const sut = await startSut({ command: 'node --import tsx bench/sip-cps/platform-sut.ts', sipPort, uasPort, readyTimeoutMs: 120_000 });
const pid = sut.pid;
if (pid === undefined) throw new Error('no platform process');
const treeCpu = (): number => processTree(pid).reduce((sum, p) => {
  try {
    return sum + cpuMs(p);
  } catch {
    return sum;
  }
}, 0);

try {
  const step = { target: { host: '127.0.0.1', port: sipPort }, uasPort, service: '4006123456', caller: '13800138000', transport: 'udp' as const, callMs: 500 };
  // Warm-up: the platform loads modules and compiles on its first calls.
  await runStep({ ...step, rate: 20, seconds: 3 });
  await new Promise((r) => setTimeout(r, 1000));
  const idle = treeMemory(pid);
  let peak = idle;
  const cpu0 = treeCpu();
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const m = treeMemory(pid);
    if (m.rssKiB > peak.rssKiB) peak = m;
  }, 250);
  const [calls, flood] = await Promise.all([
    runStep({ ...step, rate: trunkRate, seconds }),
    floodInvites({ from: values['flood-from'] ?? '127.0.0.7', host: '127.0.0.1', port: sipPort, rate: floodRate, seconds, linger: 2000 }),
  ]);
  clearInterval(sampler);
  const cpuPercent = ((treeCpu() - cpu0) / (performance.now() - t0)) * 100;
  console.log(`sip-flood: guard ${values.guard}, ${seconds} s, flood ${floodRate}/s from ${values['flood-from']}, trunk ${trunkRate} calls/s`);
  console.log(`  legitimate calls: ${calls.successful} of ${calls.attempted} completed, ${calls.failed} failed, ${calls.retransmissions} retransmissions, achieved ${calls.achievedRate.toFixed(1)}/s${calls.note ? ` (${calls.note})` : ''}`);
  console.log(`  flood: ${flood.sent} INVITEs (${flood.bytesSent} B) sent, ${flood.received} answered (${flood.bytesReceived} B): ${[...flood.statuses].map(([s, n]) => `${s}×${n}`).join(' ') || 'nothing'}`);
  console.log(`  platform memory: RSS ${(idle.rssKiB / 1024).toFixed(0)} MiB before, peak ${(peak.rssKiB / 1024).toFixed(0)} MiB during (+${((peak.rssKiB - idle.rssKiB) / 1024).toFixed(0)} MiB); PSS ${(idle.pssKiB / 1024).toFixed(0)} → ${(peak.pssKiB / 1024).toFixed(0)} MiB`);
  console.log(`  platform CPU during the run: ${cpuPercent.toFixed(0)} % of one core (all threads)`);
} finally {
  await sut.stop();
}
