// Summarises V8 heap snapshots: self size and count per (node type, constructor name), and with
// two snapshots the difference B − A, largest first. Usage:
//   node --import tsx bench/sip-cps/heap-summary.ts A.heapsnapshot [B.heapsnapshot] [--top 40]
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Summary = Map<string, { count: number; bytes: number }>;

function summarise(file: string): { summary: Summary; total: number } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const summary: Summary = new Map();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt] ?? 0] ?? '?';
    const rawName = s.strings[s.nodes[i + nameAt] ?? 0] ?? '?';
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : rawName.slice(0, 60);
    const key = `${type} ${name}`;
    const size = s.nodes[i + sizeAt] ?? 0;
    total += size;
    const e = summary.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += size;
    summary.set(key, e);
  }
  return { summary, total };
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
const a = summarise(files[0] ?? '');
if (files[1] === undefined) {
  console.log(`total ${(a.total / 1024).toFixed(0)} KiB`);
  for (const [k, v] of [...a.summary].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top)) console.log(`${String(v.bytes).padStart(12)} ${String(v.count).padStart(9)}  ${k}`);
} else {
  const b = summarise(files[1]);
  console.log(`total A ${(a.total / 1024).toFixed(0)} KiB, B ${(b.total / 1024).toFixed(0)} KiB, B − A ${((b.total - a.total) / 1024).toFixed(0)} KiB`);
  const keys = new Set([...a.summary.keys(), ...b.summary.keys()]);
  const rows = [...keys].map((k) => {
    const x = a.summary.get(k) ?? { count: 0, bytes: 0 };
    const y = b.summary.get(k) ?? { count: 0, bytes: 0 };
    return { k, bytes: y.bytes - x.bytes, count: y.count - x.count };
  });
  for (const r of rows.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes)).slice(0, top)) console.log(`${String(r.bytes).padStart(12)} ${String(r.count).padStart(9)}  ${r.k}`);
}
