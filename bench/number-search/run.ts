/**
 * Benchmark (REQUIREMENTS N5): a pool of 1 000 000 numbers, and the time of pool searches.
 *
 *   node --import tsx bench/number-search/run.ts [--size 1000000] [--runs 30] [--data-dir DIR]
 *       [--url postgres://… | --pg] [--explain]
 *
 * SQLite by default (a temp dir, or --data-dir to keep the loaded pool between runs); --url runs it on
 * PostgreSQL, --pg on a private throw-away cluster; --explain prints each search's query plan. Prints the load time and, per search, the median / p95 / max of `runs` timings (first
 * page of 20, through `searchNumbers`, the same function the API calls).
 */
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { addNumbers } from '../../src/numbers/number-inventory.ts';
import { pageQuery, searchNumbers } from '../../src/numbers/number-search.ts';
import { planSearch } from '../../src/numbers/search-plan.ts';
import { parseSearchPattern } from '../../src/numbers/search-pattern.ts';
import type { NumberSearchQuery } from '../../src/numbers/number-search.ts';
import { reserveNumber } from '../../src/numbers/number-actions.ts';
import { findActiveNumber } from '../../src/numbers/number-inventory.ts';
import type { NumberTables } from '../../src/numbers/number-tables.ts';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const size = Number(arg('size', '1000000'));
const runs = Number(arg('runs', '30'));
const dataDir = arg('data-dir') ?? mkdtempSync(join(tmpdir(), 'hotline-bench-'));
let url = arg('url');

/** Distinct pseudo-random numbers over the six 400x blocks (deterministic). */
function* numbers(count: number): Generator<string[]> {
  const prefixes = ['4000', '4001', '4006', '4007', '4008', '4009'];
  const seen = new Set<number>();
  let x = 20261122;
  const batch: string[] = [];
  while (seen.size < count) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const v = x % 6_000_000;
    if (seen.has(v)) continue;
    seen.add(v);
    batch.push(`${prefixes[Math.floor(v / 1_000_000)]}${String(v % 1_000_000).padStart(6, '0')}`);
    if (batch.length === 10_000) yield batch.splice(0);
  }
  if (batch.length > 0) yield batch;
}

const SEARCHES: Array<[string, NumberSearchQuery]> = [
  ['ends with 8888', { pattern: '*8888' }],
  ['ends with 14 (dense)', { pattern: '*14' }],
  ['ends with 5201314 (7 digits)', { pattern: '*5201314' }],
  ['contains 520', { pattern: '520' }],
  ['contains 99999 (rare)', { contains: '99999' }],
  ['shape AABB', { shape: 'AABB' }],
  ['shape ABAB', { shape: 'ABAB' }],
  ['shape AAA', { shape: 'AAA' }],
  ['shape AAAAA (rare)', { shape: 'AAAAA' }],
  ['class A', { classCodes: ['A'] }],
  ['class B, carrier unicom', { classCodes: ['B'], carrier: 'unicom' }],
  ['carrier telecom, ends with 88', { carrier: 'telecom', endsWith: '88' }],
  ['starts with 40081', { prefix: '40081' }],
  ['class D + contains 66', { classCodes: ['D'], contains: '66' }],
  ['carrier mobile + shape ABCABC', { carrier: 'mobile', shape: 'ABCABC' }],
  ['no filter (first page)', {}],
];

async function explainText(db: Kysely<object>, dialect: string, text: string, params: readonly unknown[]): Promise<string> {
  const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + text, [...params]));
  return res.rows.map((r) => String(r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r))).join(' | ');
}

async function main(): Promise<void> {
  if (process.argv.includes('--pg') && url === undefined) {
    // A private throw-away cluster, as the tests use (stopped and removed at exit).
    const { privateCluster } = await import('../../test/support/postgres-cluster.ts');
    const cluster = await privateCluster();
    const admin = new pg.Client({ connectionString: `${cluster.baseUrl}/postgres` });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    url = `${cluster.baseUrl}/bench`;
  }
  const database = await openDatabase({ url, dataDir });
  const { db } = database;
  await migrateToLatest(db);
  const t = db.withTables<NumberTables>();
  const have = Number((await t.selectFrom('number_inventory').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let loadSeconds: number | undefined;
  if (have < size) {
    const started = performance.now();
    let done = 0;
    for (const batch of numbers(size)) {
      await addNumbers(db, batch, 'bench');
      done += batch.length;
      if (done % 100_000 === 0) process.stderr.write(`  loaded ${done}\n`);
    }
    loadSeconds = (performance.now() - started) / 1000;
    // The steady state autovacuum reaches on PostgreSQL (statistics, visibility map for index-only scans).
    await sql.raw(database.dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db);
  }
  // A few held numbers, so "available" is a real filter.
  const some = await t.selectFrom('number_inventory').select('number').where('status', '=', 'available').limit(5).execute();
  for (const s of some) await reserveNumber(db, { number: s.number, tenantId: 'bench-tenant', by: 'bench', reason: 'bench' }).catch(() => undefined);

  console.log(`number-search benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${database.dialect}`);
  console.log(`pool: ${size} numbers${loadSeconds !== undefined ? `, loaded in ${loadSeconds.toFixed(1)} s (addNumbers, 10 000 per call)` : ' (reused)'}`);
  console.log(`${'search'.padEnd(36)} ${'hits'.padStart(5)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}  (ms, first page of 20, ${runs} runs)`);
  for (const [name, query] of SEARCHES) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const page = await searchNumbers(db, { ...query, limit: 20 });
      times.push(performance.now() - t0);
      hits = page.items.length;
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
    const full = { ...query, ...(query.pattern ? parseSearchPattern(query.pattern) : {}) };
    const plan = planSearch({ ...full, byStatus: true });
    console.log(`${name.padEnd(36)} ${String(hits).padStart(5)} ${pct(0.5).toFixed(2).padStart(8)} ${pct(0.95).toFixed(2).padStart(8)} ${(times[times.length - 1] as number).toFixed(2).padStart(8)}  ${plan.kind}${'column' in plan ? `:${plan.column}` : ''}${'index' in plan ? `:${plan.index}` : ''}`);
    if (process.argv.includes('--explain')) {
      const compiled = pageQuery(t, full, 21).compile();
      const text = await explainText(db, database.dialect, compiled.sql, compiled.parameters);
      console.log(`    ${text}`);
    }
  }
  const lookups: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    await findActiveNumber(db, '4006123456');
    lookups.push(performance.now() - t0);
  }
  lookups.sort((a, b) => a - b);
  console.log(`findActiveNumber (per-call lookup): median ${lookups[500]?.toFixed(3)} ms, p99 ${lookups[990]?.toFixed(3)} ms (1000 runs)`);
  await database.close();
  console.log(`data: ${url ? 'postgres' : dataDir}`);
}

await main();
