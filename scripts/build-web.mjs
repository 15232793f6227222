#!/usr/bin/env node
// Builds the web app (web/ → web/dist) when it is missing or stale: `npm start` and `npm test` run
// this first, so the README's two commands stay the only set-up. Stale = the hash of everything the
// build reads (web/ sources and config, package-lock.json) differs from the one the last build left
// in web/dist/.build-hash. The build type-checks web/ against the API types generated from the
// platform's OpenAPI document (web/src/shared/api/schema.d.ts) before bundling: a changed route that
// the app still uses the old way fails here. `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const dist = join(web, 'dist');
const stampFile = join(dist, '.build-hash');
const require = createRequire(import.meta.url);

function inputs(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (full === dist || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...inputs(full));
    else out.push(full);
  }
  return out;
}

function inputHash() {
  const h = createHash('sha256');
  for (const file of [...inputs(web), join(root, 'package-lock.json')]) {
    h.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}

function run(label, args) {
  console.log(`build-web: ${label}`);
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`build-web: ${label} failed`);
    process.exit(res.status ?? 1);
  }
}

const hash = inputHash();
if (!process.argv.includes('--force') && existsSync(join(dist, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  console.log('build-web: web/dist is up to date');
  process.exit(0);
}
run('type-check web/ against the API types', [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', join(web, 'tsconfig.json')]);
run('bundle with Vite', [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn']);
// Compressed once here, served as they are (@fastify/static preCompressed): no compression per request.
for (const file of inputs(join(dist, 'assets')).filter((f) => /\.(js|css|svg)$/.test(f))) {
  const body = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
}
writeFileSync(stampFile, hash);
console.log(`build-web: built ${relative(root, dist)}`);
