#!/usr/bin/env node
// The test command: system packages, type-check, lint, then every test file through node's test
// runner (which prints the closing `ℹ pass N / ℹ fail N` lines CI reads).
// `npm test -- test/sip` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function run(cmd, args, label) {
  console.log(`\n=== ${label}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (res.status !== 0) {
    console.error(`\n${label} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = findTests(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

if (!process.env.HOTLINE_SKIP_SYSTEM_DEPS) run('bash', ['scripts/install-test-deps.sh'], 'system packages');
if (filters.length === 0) {
  run('npx', ['tsc', '--noEmit', '-p', '.'], 'type-check');
  run('npx', ['eslint', '.'], 'lint');
}
const concurrency = process.env.HOTLINE_TEST_CONCURRENCY ?? '2';
run(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  `tests (${files.length} files)`,
);
