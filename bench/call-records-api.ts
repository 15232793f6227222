/**
 * Call-records page API at scale (P2): seeds N call records (default 1 000 000) of one tenant over
 * the last 90 days into SQLite and/or PostgreSQL, then times GET /api/v1/call-records through the
 * real Fastify app (inject: routing, auth, the per-request transaction, the audit entry, the
 * serialiser) for the list's usual asks — the first page, a deep page by cursor, and the number,
 * outcome, region, caller and time filters — and prints p50/p95/max per ask.
 *
 *   node --import tsx bench/call-records-api.ts [--rows 1000000] [--samples 100] [--sqlite] [--pg]
 *   (neither --sqlite nor --pg: both; --pg starts a private throw-away PostgreSQL cluster)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/api/app.ts';
import { callRecordTables } from '../src/cdr/call-record-store.ts';
import type { CallRecordsTable } from '../src/cdr/call-record-store.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createTenant } from '../src/tenants/tenant-store.ts';
import { TEST_SCRYPT } from '../src/users/password.ts';
import { upsertUser } from '../src/users/upsert-user.ts';
import { usersSettings } from '../src/users/users-settings.ts';
import { systemActor } from '../src/audit/actor.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '100' }, sqlite: { type: 'boolean' }, pg: { type: 'boolean' } } });
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);
const NOW = Date.now();
const NUMBERS = ['4006123456', '4006123457', '4006123458', '4006999999'];
const REGIONS: Array<[string, string]> = [['江苏省', '常州市'], ['江苏省', '南京市'], ['北京市', '北京市'], ['广东省', '深圳市'], ['上海市', '上海市']];
const OUTCOMES = ['answered', 'answered', 'answered', 'no_answer', 'busy', 'failed'];

function row(i: number, tenantId: string): CallRecordsTable['call_records'] {
  const startedAt = new Date(NOW - Math.floor((i / ROWS) * 90 * 86_400_000) - (i % 1000));
  const outcome = OUTCOMES[i % OUTCOMES.length] as string;
  const [province, city] = REGIONS[i % REGIONS.length] as [string, string];
  const answered = outcome === 'answered';
  return {
    id: `cr-${String(i).padStart(8, '0')}`, tenant_id: tenantId, number_400: NUMBERS[i % NUMBERS.length] as string, trunk_id: null, sip_call_id: `sip-${i}`,
    caller_number: `+86139${String(i * 7919 % 100_000_000).padStart(8, '0')}`, caller_kind: 'mobile', caller_area_code: null, caller_province: province, caller_city: city,
    answering_number: answered ? '13800138000' : null, started_at: startedAt.toISOString(), answered_at: answered ? new Date(startedAt.getTime() + 3000).toISOString() : null,
    ended_at: new Date(startedAt.getTime() + 63_000).toISOString(), outcome, talk_seconds: answered ? 60 : 0, sip_status: answered ? 200 : 486, sip_reason: null, ended_by: 'caller',
    media_stats: null, recording_path: null, cost_li: answered ? 60 : 0, call_type: 'inbound_forward_mobile', billing_note: null,
    queue_id: null, queue_wait_ms: null, agent_id: null, agent_user_id: null, abandoned_in_queue: 0, transfers: 0, survey_score: null,
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-cdr-'));
  let url: string | undefined;
  let cluster: { stop?: () => Promise<void> } | undefined;
  if (dialect === 'postgres') {
    const { privateCluster } = await import('../test/support/postgres-cluster.ts');
    const c = await privateCluster();
    const admin = new pg.Client({ connectionString: `${c.baseUrl}/postgres` });
    await admin.connect();
    await admin.query('create database bench_cdr');
    await admin.end();
    url = `${c.baseUrl}/bench_cdr`;
    cluster = c as never;
  }
  const database = await openDatabase({ dataDir, ...(url ? { url } : {}) });
  const { db } = database;
  try {
    await migrateToLatest(db);
    const tenantId = (await createTenant(db, { code: 'bench', name: 'Bench', contact: { name: 'x', phone: '1', email: null } }, 'bench')).id;
    const seedStart = performance.now();
    const BATCH = dialect === 'sqlite' ? 500 : 1000;
    for (let i = 0; i < ROWS; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, ROWS - i) }, (_, k) => row(i + k, tenantId));
      await callRecordTables(db).insertInto('call_records').values(batch).execute();
      if ((i + BATCH) % 100_000 === 0) process.stderr.write(`  ${dialect}: ${i + BATCH} rows\n`);
    }
    await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await upsertUser(db, { tenantId, username: 'bench-admin', role: 'tenant_admin', displayName: 'b', password: 'Bench-Passw0rd!' }, systemActor('bench'), usersSettings({ scrypt: TEST_SCRYPT }));
    const app = await buildApp({ db: database, scrypt: TEST_SCRYPT, dataDir });
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'x-csrf-token': 'x' }, payload: { username: 'bench-admin', password: 'Bench-Passw0rd!' } });
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = (query: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/call-records', query: { limit: '50', ...query }, headers: { cookie } });
    // A cursor 20 000 rows deep (page 400 of 50).
    const deep = callRecordTables(db).selectFrom('call_records').select(['started_at', 'id']).where('tenant_id', '=', tenantId).orderBy('started_at', 'desc').orderBy('id', 'desc').offset(Math.min(20_000, ROWS - 1)).limit(1);
    const d = await deep.executeTakeFirstOrThrow();
    const cursor = Buffer.from(`${d.started_at}|${d.id}`).toString('base64url');
    const asks: Record<string, Record<string, string>> = {
      'first page': {},
      'deep page (cursor, 20 000 in)': { cursor },
      'number': { number: '4006123457' },
      'outcome busy': { outcome: 'busy' },
      'region 深圳市': { region: '深圳市' },
      'caller digits': { caller: '13900001' },
      // Every caller holds 139: the trigram index finds them all, the page wants 50.
      'caller digits, common (139)': { caller: '139' },
      'caller digits, 2 digits (no trigram)': { caller: '01' },
      'last 7 days, number + outcome': { from: new Date(NOW - 7 * 86_400_000).toISOString(), number: '4006999999', outcome: 'no_answer' },
    };
    console.log(`\n${dialect}: ${ROWS} records seeded in ${seedSeconds.toFixed(1)} s; ${SAMPLES} requests per ask, 50 per page`);
    for (const [name, query] of Object.entries(asks)) {
      const times: number[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        const t = performance.now();
        const res = await get(query);
        times.push(performance.now() - t);
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${name.padEnd(34)} p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  max ${(times[times.length - 1] as number).toFixed(1)} ms`);
    }
    await app.close();
  } finally {
    await database.close();
    await cluster?.stop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const both = !values.sqlite && !values.pg;
if (values.sqlite || both) await run('sqlite');
if (values.pg || both) await run('postgres');
