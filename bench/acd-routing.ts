// The ACD's routing decision (issue 13's goal: p99 under 1 ms with 2 000 agents in 200 queues):
// `node --import tsx bench/acd-routing.ts [agents] [queues] [decisions] [seed]`.
// Each agent serves 3 queues (so ~30 members a queue), every strategy is in use, one queue in three
// routes by skill with bullseye steps. Two decisions are timed, each one call into the engine:
//   call-driven: a call arrives (enqueue) with agents ready → the strategy picks and the offer is made;
//   agent-driven: an agent becomes ready (setReady) with calls waiting in their queues → the best
//     call across their queues is found and offered.
// Calls are answered and ended at once (wrap-up none) so the pool keeps turning over. Prints p50,
// p99 and max per decision kind.
import { InMemoryAcdEngine } from '../src/acd/in-memory-acd-engine.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS, STRATEGY_NAMES } from '../src/acd/acd-model.ts';
import { FakeClock } from '../src/kernel/fake-clock.ts';
import { seededRandom } from '../src/random/seeded-random.ts';

const agentCount = Number(process.argv[2] ?? 2000);
const queueCount = Number(process.argv[3] ?? 200);
const decisions = Number(process.argv[4] ?? 20_000);
const seed = Number(process.argv[5] ?? 1);
const T = 'bench-tenant';

const rnd = seededRandom(seed);
const clock = new FakeClock(0, { wallStart: Date.now() });
const engine = new InMemoryAcdEngine({ clock, random: rnd });
for (let i = 0; i < queueCount; i++) {
  const skilled = i % 3 === 0;
  engine.putQueue({
    ...QUEUE_DEFAULTS,
    id: `q${i}`,
    tenantId: T,
    name: `q${i}`,
    strategy: STRATEGY_NAMES[i % STRATEGY_NAMES.length]!,
    wrapUpMode: 'none',
    maxWaitSeconds: null,
    skillId: skilled ? 'skill' : null,
    bullseye: skilled ? [{ minProficiency: 3, untilSeconds: 20 }] : [],
    regionPreference: i % 5 === 0,
  });
}
const agents: string[] = [];
for (let i = 0; i < agentCount; i++) {
  const userId = `a${i}`;
  agents.push(userId);
  const queues = new Set<number>();
  while (queues.size < 3) queues.add(Math.floor(rnd() * queueCount));
  engine.putAgent(
    { tenantId: T, userId, agentId: String(10000 + i), displayName: userId, phone: { kind: 'sip', username: userId }, skills: new Map([['skill', 1 + Math.floor(rnd() * 5)]]), regions: [rnd() < 0.5 ? '北京' : '广东'] },
    [...queues].map((q) => ({ ...MEMBERSHIP_DEFAULTS, queueId: `q${q}`, userId, priority: 1 + Math.floor(rnd() * 3), tier: 1 + Math.floor(rnd() * 2) })),
  );
  engine.logIn(T, userId, 'agent');
}

// Wall time per decision, and the process's CPU time for it (user + system, from getrusage): on a
// shared, overloaded machine the wall-time tail is mostly the scheduler; CPU time is the work.
const callTimes: number[] = [];
const agentTimes: number[] = [];
const callCpu: number[] = [];
const agentCpu: number[] = [];
const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};
let callNo = 0;
const enqueue = (): { offered: string | undefined } => {
  const result: { offered: string | undefined } = { offered: undefined };
  const t = engine.enqueue({ tenantId: T, queueId: `q${Math.floor(rnd() * queueCount)}`, callId: `c${callNo++}`, callerNumber: `+86139${String(callNo % 100000).padStart(8, '0')}`, callerRegion: rnd() < 0.5 ? '北京' : '广东' });
  t.onOffer((o) => {
    result.offered ??= o.token;
  });
  return result;
};

// Warm-up, then call-driven decisions: most agents ready.
for (let i = 0; i < 2000; i++) {
  const r = enqueue();
  if (r.offered && engine.offerAnswered(r.offered)) engine.callEnded(r.offered);
}
for (let i = 0; i < decisions; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = enqueue();
  callTimes.push(performance.now() - t0);
  callCpu.push(cpuMs(c0));
  clock.advance(50);
  if (r.offered && engine.offerAnswered(r.offered)) engine.callEnded(r.offered);
}

console.log(`  (after the call-driven phase: ${engine.waitingCount()} calls waiting, ${engine.offerCount()} offers out)`);
// Agent-driven decisions: every agent not ready, a backlog of waiting calls, then agents come back one at a time.
for (const a of agents) engine.setNotReady(T, a, 'break', 'agent');
const backlog = Math.min(decisions, agentCount);
for (let i = 0; i < backlog; i++) enqueue();
clock.advance(30_000); // past the bullseye step, so every member may take every call
for (let i = 0; i < backlog; i++) {
  const a = agents[i % agentCount]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  engine.setReady(T, a, 'agent');
  agentTimes.push(performance.now() - t0);
  agentCpu.push(cpuMs(c0));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `n=${xs.length} p50 ${pct(xs, 50).toFixed(3)} ms, p99 ${pct(xs, 99).toFixed(3)} ms, max ${Math.max(...xs).toFixed(3)} ms`;
console.log(`ACD routing decision, ${agentCount} agents in ${queueCount} queues (3 queues an agent), seed ${seed}`);
console.log(`  call-driven (enqueue → offer), wall:        ${fmt(callTimes)}`);
console.log(`  call-driven, CPU time:                      ${fmt(callCpu)}`);
console.log(`  agent-driven (setReady → best call), wall:  ${fmt(agentTimes)}`);
console.log(`  agent-driven, CPU time:                     ${fmt(agentCpu)}`);
const load = (await import('node:os')).loadavg()[0]!;
console.log(`  (load average while measuring: ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs)`);
