#!/usr/bin/env node
// The test command: system packages, type-check, lint, then every test file, each in its own
// process under node's test runner, scheduled here by what the file uses:
// - most files are waits on real peers (a SIPp file spends ~20 % of a core), so they run several at
//   a time (HOTLINE_TEST_CONCURRENCY, default the cores: at twice, SIPp tests missed their timers in CI), longest first;
// - files that drive Chromium run one at a time (one browser at a time), beside the others;
// - CPU-heavy files (floods, load, SIGKILL under load), WebRTC audio in Chromium (fake microphone)
//   and `*.timing.test.ts` (real-time pacing) run after the rest, one at a time, with nothing beside them;
// - one PostgreSQL cluster for the whole run (HOTLINE_TEST_PG_URL) instead of an initdb per file.
// A file's output is printed whole when it ends, headed by its name and time. The run closes with
// one `N passed, N failed, N skipped` line.
// `npm test -- test/sip` runs only the files under the given paths.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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

// Files that load the CPU enough to disturb others (and be disturbed): they run alone.
// A flood of 1 000+ INVITEs/s, or the platform killed with tens of calls up; and Chromium with a
// fake microphone over WebRTC (desk, 班长席, softphone): beside other files its DTLS-SRTP legs came
// up with no audio (CI at 01db7d9 and 6716b75), alone they pass.
const CPU_HEAVY = /\brate: \d{4,}|SIGKILL with \d+ calls|fakeMicWav/;
// Chromium through playwright-core (test/support/browser.ts, the web fixtures) or spawned headless.
const BROWSER = /support\/browser\.ts|web-platform\.ts|web-suite\.ts|playwright-core|\['chromium', 'chromium-browser'\]/;
const POSTGRES = /support\/databases\.ts|support\/postgres-cluster\.ts/;
// Without a record of earlier runs (a clean clone), files that start peers go first.
const SLOW_GUESS = /sipp|baresip|linphonec|kamailio|platform-harness|hotline-process|sipvicious/;

/** What a file needs from the scheduler, read from its source. */
function classify(file, durations) {
  const src = readFileSync(file, 'utf8');
  const kind = file.endsWith('.timing.test.ts') || CPU_HEAVY.test(src) ? 'alone' : BROWSER.test(src) ? 'browser' : 'shared';
  return { file, kind, postgres: POSTGRES.test(src), expectMs: durations[file] ?? (SLOW_GUESS.test(src) ? 20_000 : 2_000) };
}

const DURATIONS = join(root, '.tmp', 'test-durations.json');
function readDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS, 'utf8'));
  } catch {
    return {};
  }
}

const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killGroup(child);
    process.exit(130);
  });
}
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const FILE_TIMEOUT_MS = Number(process.env.HOTLINE_TEST_FILE_TIMEOUT_SECONDS ?? 900) * 1000;

/** Runs one file through node's test runner; its output comes back whole, with the TAP counts. */
function runFile(file, env) {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tap-'));
    const tap = join(dir, 'result.tap');
    const started = performance.now();
    // Its own process group, so a timeout or ^C also ends the peers (SIPp, Chromium) it started.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, file],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    running.add(child);
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, FILE_TIMEOUT_MS);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      let fail = count('fail') + count('cancelled');
      let output = Buffer.concat(chunks).toString('utf8');
      if (timedOut) output += `\n✖ ${file}: killed after ${FILE_TIMEOUT_MS / 1000} s (HOTLINE_TEST_FILE_TIMEOUT_SECONDS)\n`;
      // A file that died outside any test (a crash at import, a kill) still fails the run.
      if ((code !== 0 || timedOut) && fail === 0) fail = 1;
      resolve({ file, ms: performance.now() - started, status: code ?? (signal ? 1 : 0), pass: count('pass'), fail, skipped: count('skipped') + count('todo'), output });
    });
  });
}

/**
 * The shared files fill `slots` processes, longest first; browser files take one of those slots,
 * one browser file at a time, and start first (their one-at-a-time lane is the longest chain).
 */
async function runPool(jobs, slots, env, report) {
  const browser = jobs.filter((j) => j.kind === 'browser');
  const shared = jobs.filter((j) => j.kind === 'shared').sort((a, b) => b.expectMs - a.expectMs);
  let browserBusy = false;
  let busy = 0;
  const results = [];
  await new Promise((resolve) => {
    const next = () => {
      while (busy < slots) {
        const job = !browserBusy && browser.length > 0 ? browser.shift() : shared.shift();
        if (job === undefined) break;
        busy++;
        if (job.kind === 'browser') browserBusy = true;
        void runFile(job.file, env).then((r) => {
          busy--;
          if (job.kind === 'browser') browserBusy = false;
          results.push(r);
          report(r);
          next();
        });
      }
      if (busy === 0 && browser.length === 0 && shared.length === 0) resolve();
    };
    next();
  });
  return results;
}

function printResult(r) {
  const mark = r.fail > 0 ? '✖' : '✔';
  console.log(`\n─── ${mark} ${r.file} (${(r.ms / 1000).toFixed(1)} s)`);
  process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
}

/** One PostgreSQL cluster for every file of the run, stopped when this process exits. */
async function sharedPostgres() {
  const { register } = await import('tsx/esm/api');
  register();
  const { privateCluster } = await import('../test/support/postgres-cluster.ts');
  return `${(await privateCluster()).baseUrl}/postgres`;
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

const durations = readDurations();
const jobs = files.map((f) => classify(f, durations));
const env = { ...process.env };
if (!env.HOTLINE_TEST_PG_URL && jobs.some((j) => j.postgres)) {
  console.log('\n=== one PostgreSQL cluster for the run');
  env.HOTLINE_TEST_PG_URL = await sharedPostgres();
}
const slots = Math.max(1, Number(process.env.HOTLINE_TEST_CONCURRENCY ?? Math.max(2, availableParallelism())));
const together = jobs.filter((j) => j.kind !== 'alone');
const alone = jobs.filter((j) => j.kind === 'alone');
const results = [];
const phaseStarted = performance.now();
if (together.length > 0) {
  console.log(`\n=== tests (${together.length} files, ${slots} at a time; browser files one at a time)`);
  results.push(...(await runPool(together, slots, env, printResult)));
}
if (alone.length > 0) {
  console.log(`\n=== CPU-heavy and timing tests, alone (${alone.length} files)`);
  for (const job of alone) {
    const r = await runFile(job.file, env);
    printResult(r);
    results.push(r);
  }
}

for (const r of results) durations[r.file] = Math.round(r.ms);
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(DURATIONS, `${JSON.stringify(durations, null, 1)}\n`);

const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 10);
console.log(`\n=== ${results.length} files in ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s; the slowest:`);
for (const r of slowest) console.log(`${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.file}`);
const failed = results.filter((r) => r.fail > 0);
if (failed.length > 0) console.log(`\nfailed files:\n${failed.map((r) => `  ${r.file}`).join('\n')}`);
const pass = results.reduce((n, r) => n + r.pass, 0);
const fail = results.reduce((n, r) => n + r.fail, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
const ok = failed.length === 0 && pass > 0;
console.log(`\n${pass} passed, ${fail} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
