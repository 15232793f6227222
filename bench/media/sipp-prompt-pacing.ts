/**
 * Issue 3's pacing figure with a real peer: SIPp calls the project's SIP stack + embedded media
 * engine, a prompt is played to it, and the RTP arrivals are timestamped in another process
 * (where the caller's media lands). Prints the inter-packet gap p50/p99 and the p99 of
 * |gap − 20 ms| (goal: within 20 ± 2 ms at p99). A benchmark, not a test: it measures wall time.
 *   node --import tsx bench/media/sipp-prompt-pacing.ts [--calls 3]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMediaUas } from '../../test/support/media-uas.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../../test/support/sipp-process.ts';
import { WAIT_FOR_BYE, uacScenario } from '../../test/support/sipp-media-scenarios.ts';

const calls = Number(process.argv[process.argv.indexOf('--calls') + 1] || 3);
const probeScript = fileURLToPath(new URL('../../test/media/real-peers/rtp-probe.mjs', import.meta.url));
const prompt = fileURLToPath(new URL('../../assets/prompts/zh-CN/welcome.wav', import.meta.url));

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const uas = await startMediaUas({ rtpPorts: '48800-48899' });
const gaps: number[] = [];
for (let i = 0; i < calls; i++) {
  const probePort = await freeUdpPort();
  const probe = spawn(process.execPath, [probeScript, String(probePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  probe.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => setTimeout(r, 300));
  const sipp = startSipp({ scenario: uacScenario({ mediaPort: String(probePort), afterAck: WAIT_FOR_BYE }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${uas.port}`, service: 'prompt' });
  const call = await uas.nextCall();
  await call.media.play({ kind: 'sequence', items: [{ kind: 'file', path: prompt }, { kind: 'file', path: prompt }] });
  call.hangup();
  await call.ended;
  await sipp.done;
  probe.kill('SIGTERM');
  await new Promise((r) => probe.once('exit', r));
  const t = (JSON.parse(out) as { t: number[] }).t;
  for (let k = 1; k < t.length; k++) gaps.push((t[k] ?? 0) - (t[k - 1] ?? 0));
  await call.media.destroy();
}
await uas.close();
const sorted = [...gaps].sort((a, b) => a - b);
const dev = gaps.map((g) => Math.abs(g - 20)).sort((a, b) => a - b);
console.log(`prompt pacing to SIPp: ${calls} calls, ${gaps.length} gaps`);
console.log(`  gap p1 ${pct(sorted, 0.01).toFixed(2)} ms, p50 ${pct(sorted, 0.5).toFixed(2)} ms, p99 ${pct(sorted, 0.99).toFixed(2)} ms`);
console.log(`  |gap − 20 ms| p50 ${pct(dev, 0.5).toFixed(2)} ms, p99 ${pct(dev, 0.99).toFixed(2)} ms (goal ≤ 2 ms)`);
