// The event feed under load: N WebSocket subscribers (a tenant admin's session, all events) while
// SIPp drives calls at R calls/s through the platform for S seconds. Prints the delivery latency
// p50/p99 (bus stamp → client receipt) and the platform CPU the feed adds per event: the same load
// is run without subscribers, then with, and the CPU difference is divided by the events published.
//   node --import tsx bench/event-feed.ts [subscribers=1000] [callsPerSecond=100] [seconds=20]
// The subscribers run in a child process (bench/event-feed-clients.ts); the platform, with its
// media workers, in this one (process.cpuUsage counts every thread). Recording is off. SIPp
// retransmits nothing (-nr): on a busy machine the retransmissions of a slowed platform, not the
// feed, made most of the difference.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startHarness, tenantWithNumber } from '../test/support/platform-harness.ts';
import { freePort } from '../test/support/sipp.ts';
import { runStep } from './sip-cps/step.ts';
import type { StepResult } from './sip-cps/step.ts';
import { signInCookie } from '../test/support/event-feed-client.ts';

const subscribers = Number(process.argv[2] ?? 1000);
const rate = Number(process.argv[3] ?? 100);
const seconds = Number(process.argv[4] ?? 20);
const NUMBER = '4006123456';
const PASSWORD = 'Bench-feed-pass-2026';

const h = await startHarness({ env: { HOTLINE_RTP_PORTS: '12000-15999', HOTLINE_RECORD_CALLS: 'false', HOTLINE_RING_TIMEOUT: '10' } });
try {
  const uasPort = await freePort('udp');
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: uasPort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [{ username: 'bench-admin', role: 'tenant_admin', password: PASSWORD }])],
  });
  const cookie = await signInCookie(h.platform.httpPort, 'bench-admin', PASSWORD);
  const spec = { rate, seconds, callMs: 500, target: { host: '127.0.0.1', port: h.platform.sipPort }, uasPort, service: NUMBER, caller: '13912345678', transport: 'udp' as const, noRetransmissions: true };
  let published = 0;
  h.platform.events.subscribe('bench-count', () => published++);

  const measure = async (label: string): Promise<{ cpuMs: number; events: number; step: StepResult }> => {
    published = 0;
    const cpu = process.cpuUsage();
    const step = await runStep(spec);
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(`${label}: ${step.successful}/${step.attempted} calls ok (${step.achievedRate.toFixed(0)}/s), ${published} events, platform CPU ${cpuMs.toFixed(0)} ms${step.note ? ` (${step.note})` : ''}`);
    return { cpuMs, events: published, step };
  };

  await runStep({ ...spec, rate: 10, seconds: 2 }); // warm-up
  const base = await measure('without subscribers');

  const clients = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./event-feed-clients.ts', import.meta.url)), String(h.platform.httpPort), cookie, String(subscribers)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  clients.stdout.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 100));
  console.log(`${h.platform.feed.size} subscribers connected`);
  const loaded = await measure(`with ${subscribers} subscribers`);
  out = '';
  clients.stdin.write('report\n');
  await once(clients, 'exit');
  const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { events: number; p50: number; p99: number; max: number };
  const addedMs = loaded.cpuMs - base.cpuMs * (loaded.events / Math.max(1, base.events));
  console.log(`delivered ${report.events} event messages (${loaded.events} events × ${subscribers} subscribers = ${loaded.events * subscribers} expected)`);
  console.log(`delivery latency: p50 ${report.p50} ms, p99 ${report.p99} ms, max ${report.max} ms`);
  console.log(`CPU the feed adds: ${addedMs.toFixed(0)} ms over ${loaded.events} events = ${((addedMs / Math.max(1, loaded.events)) * 1000).toFixed(0)} µs per event (fanned out to ${subscribers}), ${((addedMs * 1000) / Math.max(1, report.events)).toFixed(2)} µs per delivered message`);
} finally {
  await h.stop();
}
