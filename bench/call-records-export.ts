/**
 * The Excel export job at scale (P2): seeds N call records of one tenant in SQLite, runs one
 * export job through CallRecordExports (the writer the API starts), and prints rows per second,
 * the file size and the process's peak RSS and heap while it ran — the streaming writer should keep
 * memory flat whatever N is.
 *
 *   node --import tsx bench/call-records-export.ts [--rows 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callRecordTables } from '../src/cdr/call-record-store.ts';
import type { CallRecordsTable } from '../src/cdr/call-record-store.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { CallRecordExports } from '../src/exports/call-record-exports.ts';
import { getExportJob, insertExportJob } from '../src/exports/export-job-store.ts';
import { createTenant } from '../src/tenants/tenant-store.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const NOW = Date.now();

function row(i: number, tenantId: string): CallRecordsTable['call_records'] {
  const startedAt = new Date(NOW - Math.floor((i / ROWS) * 80 * 86_400_000) - (i % 1000));
  const answered = i % 3 !== 0;
  return {
    id: `cr-${String(i).padStart(8, '0')}`, tenant_id: tenantId, number_400: '4006123456', trunk_id: null, sip_call_id: `sip-${i}`,
    caller_number: `+86139${String((i * 7919) % 100_000_000).padStart(8, '0')}`, caller_kind: 'mobile', caller_area_code: null, caller_province: '江苏省', caller_city: '常州市',
    answering_number: answered ? '13800138000' : null, started_at: startedAt.toISOString(), answered_at: answered ? new Date(startedAt.getTime() + 3000).toISOString() : null,
    ended_at: new Date(startedAt.getTime() + 63_000).toISOString(), outcome: answered ? 'answered' : 'busy', talk_seconds: answered ? 60 : 0, sip_status: answered ? 200 : 486, sip_reason: null, ended_by: 'caller',
    media_stats: null, recording_path: answered ? `/data/rec/${i}.wav` : null, cost_li: answered ? 600 : 0, call_type: 'inbound_forward_mobile', billing_note: null,
    queue_id: null, queue_wait_ms: null, agent_id: null, agent_user_id: null, abandoned_in_queue: 0, transfers: 0, survey_score: null,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-export-'));
const database = await openDatabase({ dataDir });
try {
  const { db } = database;
  await migrateToLatest(db);
  const tenantId = (await createTenant(db, { code: 'bench', name: 'Bench', contact: { name: 'x', phone: '1', email: null } }, 'bench')).id;
  for (let i = 0; i < ROWS; i += 500) await callRecordTables(db).insertInto('call_records').values(Array.from({ length: Math.min(500, ROWS - i) }, (_, k) => row(i + k, tenantId))).execute();
  const exports = new CallRecordExports({ db, dataDir, now: () => new Date(), recordingUrl: (id) => `/api/v1/call-records/${id}/recording` });
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const job = await insertExportJob(db, { tenantId, filter: {}, requestedBy: 'bench', at: new Date() });
  const t = performance.now();
  exports.start(job);
  await exports.settled(job.id);
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const done = await getExportJob(db, tenantId, job.id);
  if (done?.status !== 'done') throw new Error(`export ${done?.status}: ${done?.error}`);
  const mb = (n: number) => (n / 1_048_576).toFixed(0);
  console.log(`export of ${done.rowsWritten} rows: ${seconds.toFixed(1)} s (${Math.round(done.rowsWritten / seconds)} rows/s), file ${mb(done.fileBytes ?? 0)} MiB`);
  console.log(`memory: RSS ${mb(base.rss)} → peak ${mb(peakRss)} MiB, heap used ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MiB`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
