// Why is an object alive? Prints, for a few objects of a constructor in a V8 heap snapshot, one
// shortest retainer path from a GC root (weak edges skipped). Usage:
//   node --import tsx bench/sip-cps/heap-retainers.ts X.heapsnapshot Call [--count 3]
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const [file, ctor] = process.argv.slice(2);
const countAt = process.argv.indexOf('--count');
const count = countAt >= 0 ? Number(process.argv[countAt + 1]) : 3;
const s = JSON.parse(readFileSync(file ?? '', 'utf8')) as Snapshot;
const nf = s.snapshot.meta.node_fields.length;
const ef = s.snapshot.meta.edge_fields.length;
const nodeTypes = s.snapshot.meta.node_types[0];
const edgeTypes = s.snapshot.meta.edge_types[0];
const [nType, nName, , , nEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => s.snapshot.meta.node_fields.indexOf(f)) as [number, number, number, number, number];
const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => s.snapshot.meta.edge_fields.indexOf(f)) as [number, number, number];
const n = s.nodes.length / nf;
const at = (i: number, f: number): number => s.nodes[i * nf + f] ?? 0;
const label = (i: number): string => `${nodeTypes[at(i, nType)]} ${(s.strings[at(i, nName)] ?? '').slice(0, 50)}`;
// Reverse edges: for each node, (from node, edge index).
const retainers: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
let e = 0;
for (let i = 0; i < n; i++) {
  for (let k = 0; k < at(i, nEdges); k++, e++) {
    const type = edgeTypes[s.edges[e * ef + eType] ?? 0];
    if (type === 'weak' || type === 'shortcut') continue;
    const to = (s.edges[e * ef + eTo] ?? 0) / nf;
    retainers[to]?.push([i, e]);
  }
}
const edgeLabel = (ei: number): string => {
  const type = edgeTypes[s.edges[ei * ef + eType] ?? 0];
  const nm = s.edges[ei * ef + eName] ?? 0;
  return type === 'element' || type === 'hidden' ? `[${nm}]` : `.${s.strings[nm] ?? nm}`;
};
let shown = 0;
for (let i = 0; i < n && shown < count; i++) {
  if (nodeTypes[at(i, nType)] !== 'object' || s.strings[at(i, nName)] !== ctor) continue;
  shown++;
  // BFS towards the root (node 0).
  const prev = new Map<number, [number, number]>([[i, [-1, -1]]]);
  const queue = [i];
  let found = -1;
  while (queue.length > 0 && found < 0) {
    const cur = queue.shift() as number;
    for (const [from, ei] of retainers[cur] ?? []) {
      if (prev.has(from)) continue;
      prev.set(from, [cur, ei]);
      if (from === 0) {
        found = from;
        break;
      }
      queue.push(from);
    }
  }
  const path: string[] = [];
  for (let cur = found; cur >= 0 && cur !== i; ) {
    const [next, ei] = prev.get(cur) ?? [-1, -1];
    path.push(`${label(cur)} ${edgeLabel(ei)}`);
    cur = next;
  }
  console.log(`#${shown} ${label(i)}\n  ${path.join('\n  → ')}`);
}
