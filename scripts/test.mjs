#!/usr/bin/env node
// The test command: system packages, type-check, lint, then every test file through node's test
// runner. Files named `*.timing.test.ts` measure real time (pacing, jitter): they run after the
// rest, one at a time, so no other test shares the cores with them. The run closes with one
// `N passed, N failed` line over both phases.
// `npm test -- test/sip` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Runs files through node's test runner; returns its exit code and the TAP summary counts. */
function runTests(files, concurrency, label) {
  console.log(`\n=== ${label}`);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-tap-'));
  const tap = join(dir, 'result.tap');
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { stdio: 'inherit', env: process.env },
  );
  const text = readFileSync(tap, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { status: res.status ?? 1, pass: count('pass'), fail: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
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
run(process.execPath, ['scripts/build-native.mjs'], 'native media I/O addon (skipped with a message when there is no cc)');
run(process.execPath, ['scripts/build-web.mjs'], 'web app (built when web/ changed since the last build)');
if (filters.length === 0) {
  run('npx', ['tsc', '--noEmit', '-p', '.'], 'type-check');
  run('npx', ['eslint', '.'], 'lint');
}
const concurrency = process.env.HOTLINE_TEST_CONCURRENCY ?? '2';
const timing = files.filter((f) => f.endsWith('.timing.test.ts'));
const rest = files.filter((f) => !f.endsWith('.timing.test.ts'));
const results = [];
if (rest.length > 0) results.push(runTests(rest, concurrency, `tests (${rest.length} files)`));
if (timing.length > 0) results.push(runTests(timing, 1, `timing tests, alone (${timing.length} files)`));
const pass = results.reduce((n, r) => n + r.pass, 0);
const fail = results.reduce((n, r) => n + r.fail, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
const ok = results.every((r) => r.status === 0) && fail === 0 && pass > 0;
console.log(`\n${pass} passed, ${fail} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
