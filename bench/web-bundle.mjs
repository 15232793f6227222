#!/usr/bin/env node
// What the web app ships: the JavaScript and CSS a browser loads for the first page (index.html's
// entry and what it imports statically), and what each route adds when first visited, from the
// build's chunk graph (web/dist/.vite/manifest.json), as gzip and brotli bytes — the .gz/.br files
// that scripts/build-web.mjs writes and the platform serves. Goal: first load ≤ 300 KB gzip.
//   node scripts/build-web.mjs && node bench/web-bundle.mjs
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../web/dist/', import.meta.url));
const manifestFile = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestFile)) {
  console.error('web/dist is not built: node scripts/build-web.mjs');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const size = (file, ext = '') => (existsSync(join(dist, file + ext)) ? statSync(join(dist, file + ext)).size : 0);

/** Every file a chunk needs before it runs: itself, its static imports (transitively), their CSS. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}
function filesOf(keys) {
  const files = new Set();
  for (const k of keys) {
    files.add(manifest[k].file);
    for (const css of manifest[k].css ?? []) files.add(css);
  }
  return files;
}
function measure(files) {
  const t = { js: { raw: 0, gz: 0, br: 0 }, css: { raw: 0, gz: 0, br: 0 } };
  for (const f of files) {
    const kind = f.endsWith('.css') ? t.css : t.js;
    kind.raw += size(f);
    kind.gz += size(f, '.gz');
    kind.br += size(f, '.br');
  }
  return t;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const firstKeys = closure(entryKey);
const first = measure(filesOf(firstKeys));
console.log(`first load (sign-in page): JS ${kb(first.js.gz)} gzip, ${kb(first.js.br)} brotli, ${kb(first.js.raw)} raw; CSS ${kb(first.css.gz)} gzip — goal ≤ 300 KB gzip JS: ${first.js.gz <= 300 * 1024 ? 'met' : 'NOT met'}`);

const firstFiles = filesOf(firstKeys);
const routes = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry);
const rows = routes.map((k) => {
  const extra = [...filesOf(closure(k))].filter((f) => !firstFiles.has(f));
  const m = measure(extra);
  return { name: manifest[k].name ?? k, gz: m.js.gz + m.css.gz, br: m.js.br + m.css.br };
});
for (const r of rows.sort((a, b) => b.gz - a.gz)) console.log(`  + ${r.name.padEnd(18)} ${kb(r.gz).padStart(9)} gzip ${kb(r.br).padStart(9)} brotli (on first visit)`);
