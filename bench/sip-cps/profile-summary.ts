// Summarises a V8 CPU profile (.cpuprofile from node --cpu-prof): self time per function and per
// script, the largest first. Usage:
//   node --import tsx bench/sip-cps/profile-summary.ts X.cpuprofile [--top 40]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const p = JSON.parse(readFileSync(args[0] ?? '', 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) {
  const id = p.samples[i] as number;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const short = (url: string): string => url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm/');
const fn = new Map<string, number>();
const script = new Map<string, number>();
for (const [id, us] of selfUs) {
  const f = byId.get(id)?.callFrame;
  if (f === undefined) continue;
  const where = short(f.url) || '(native)';
  const k = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + us);
  const s = where.startsWith('nm/') ? where.split('/').slice(0, 2).join('/') : where;
  script.set(s, (script.get(s) ?? 0) + us);
}
const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`profile ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s, sampled ${(total / 1e6).toFixed(1)} s`);
console.log('--- self time by function');
for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log('--- self time by script');
for (const [k, us] of [...script].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
