// The direction of dependencies between src/'s top-level modules is the table in
// docs/ARCHITECTURE.md: every relative import under src/ must be one the table allows, and the
// modules form no cycle. Reads the files; runs in a few milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

interface Import {
  file: string;
  from: string;
  to: string;
  /** The imported file, relative to src/. */
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(name) ? [full] : [];
  });
}

function crossModuleImports(): Import[] {
  const out: Import[] = [];
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file);
    const from = rel.split('/')[0]!;
    const text = readFileSync(file, 'utf8');
    // Static imports and re-exports (type-only too: a type is a dependency) and dynamic import().
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm)) {
      const target = relative(src, resolve(dirname(file), (m[1] ?? m[2])!));
      const to = target.split('/')[0]!;
      if (to !== from && !to.startsWith('..')) out.push({ file: rel, from, to, target });
    }
  }
  return out;
}

/** The table between the module-dependencies markers: module → the modules it may import. */
function allowedTable(): Map<string, Set<string>> {
  const doc = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const block = /<!-- module-dependencies:begin -->([\s\S]*?)<!-- module-dependencies:end -->/.exec(doc)?.[1];
  assert.ok(block, 'docs/ARCHITECTURE.md has the module-dependencies table');
  const table = new Map<string, Set<string>>();
  for (const line of block.split('\n')) {
    const m = /^\|\s*`([\w-]+)`\s*\|\s*([^|]*)\|/.exec(line);
    if (!m) continue;
    const deps = m[2]!.trim() === '—' ? [] : m[2]!.split(',').map((d) => d.trim()).filter(Boolean);
    table.set(m[1]!, new Set(deps));
  }
  return table;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

test('every module under src/ is in the table of docs/ARCHITECTURE.md', () => {
  const table = allowedTable();
  const modules = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
  assert.deepEqual(modules.filter((m) => !table.has(m)), [], 'add a row for each new module to the module-dependencies table');
});

test('every import between modules is one the table allows', () => {
  const table = allowedTable();
  const refused = crossModuleImports()
    .filter((i) => table.has(i.from) && !table.get(i.from)!.has(i.to))
    .map((i) => `${i.file} imports ${i.target}: ${i.from} → ${i.to} is not in docs/ARCHITECTURE.md`);
  assert.deepEqual(refused, []);
});

test('the modules form no cycle, in the code and in the table', () => {
  const code = new Map<string, Set<string>>();
  for (const i of crossModuleImports()) {
    if (!code.has(i.from)) code.set(i.from, new Set());
    code.get(i.from)!.add(i.to);
  }
  assert.deepEqual(cycles(code), [], 'modules that import each other (directly or round a loop)');
  assert.deepEqual(cycles(allowedTable()), [], 'the table allows a cycle');
});

test('routing, flows and caps reach calls/ only through its ports', () => {
  const inside = crossModuleImports()
    .filter((i) => ['routing', 'flows', 'caps'].includes(i.from) && i.to === 'calls' && i.target !== 'calls/ports.ts')
    .map((i) => `${i.file} imports ${i.target}`);
  assert.deepEqual(inside, []);
});

test('the cycle finder finds a loop of three', () => {
  const edges = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ]);
  assert.deepEqual(cycles(edges), [['a', 'b', 'c']]);
});
