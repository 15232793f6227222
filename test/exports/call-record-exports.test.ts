// P2's Excel export as a job: started, polled for progress, downloaded as a real .xlsx (opened
// with exceljs), one per tenant at a time, failed clearly by a restart, expired after its keep
// time, audited — on SQLite and PostgreSQL, through the real Fastify app.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { callRecordTables } from '../../src/cdr/call-record-store.ts';
import type { CallRecordsTable } from '../../src/cdr/call-record-store.ts';
import { insertExportJob } from '../../src/exports/export-job-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { forEachDialect } from '../support/databases.ts';

const NOW = Date.parse('2026-11-22T08:00:00.000Z');
const ROWS = 2345;

function record(i: number, tenantId: string, number400: string): CallRecordsTable['call_records'] {
  const startedAt = new Date(NOW - (i + 1) * 60_000);
  const answered = i % 3 !== 0;
  return {
    id: `${tenantId.slice(0, 8)}-${String(i).padStart(6, '0')}`, tenant_id: tenantId, number_400: number400, trunk_id: null, sip_call_id: `sip-${tenantId}-${i}`,
    caller_number: `+86139${String(i).padStart(8, '0')}`, caller_kind: 'mobile', caller_area_code: null, caller_province: '江苏省', caller_city: '常州市',
    answering_number: answered ? '13800138000' : null, started_at: startedAt.toISOString(), answered_at: answered ? new Date(startedAt.getTime() + 3000).toISOString() : null,
    ended_at: new Date(startedAt.getTime() + 63_000).toISOString(), outcome: answered ? 'answered' : 'busy', talk_seconds: answered ? 60 : 0, sip_status: answered ? 200 : 486, sip_reason: null, ended_by: 'caller',
    media_stats: null, recording_path: null, cost_li: answered ? 600 : 0, call_type: 'inbound_forward_mobile', billing_note: null,
    queue_id: null, queue_wait_ms: null, agent_id: null, agent_user_id: null, abandoned_in_queue: 0, transfers: 0, survey_score: null,
  };
}

async function seed(db: Kysely<object>, tenantId: string, rows: number, number400: string): Promise<void> {
  for (let i = 0; i < rows; i += 500) {
    await callRecordTables(db).insertInto('call_records').values(Array.from({ length: Math.min(500, rows - i) }, (_, k) => record(i + k, tenantId, number400))).execute();
  }
}

interface ExportView { id: string; status: string; rowsTotal: number | null; rowsWritten: number; truncated: boolean; fileBytes: number | null; error: string | null; downloadUrl: string | null; expiresAt: string | null }

forEachDialect('call-record export jobs', ({ open }) => {
  let h: ApiHarness;
  let dataDir: string;
  let admin: Caller;
  let other: Caller;
  let agent: Caller;
  let acme: string;

  const poll = async (caller: Caller, id: string): Promise<ExportView[]> => {
    const seen: ExportView[] = [];
    for (let i = 0; i < 2000; i++) {
      const res = await h.call(caller, 'GET', `/api/v1/call-records/exports/${id}`);
      assert.equal(res.statusCode, 200, res.body);
      const v = res.json() as ExportView;
      seen.push(v);
      if (v.status !== 'running') return seen;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('the export never finished');
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-exports-'));
    h = await ApiHarness.start(await open(), { dataDir });
    acme = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const beta = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null }, timeZone: 'Europe/Berlin' }, 'test')).id;
    await seed(h.db, acme, ROWS, '4006123456');
    await seed(h.db, beta, 10, '4006555555');
    admin = await h.as(acme, 'acme-admin', 'tenant_admin');
    agent = await h.as(acme, 'acme-agent', 'agent');
    other = await h.as(beta, 'beta-admin', 'tenant_admin');
  });
  after(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an export runs as a job: progress of a counted total, then the .xlsx with every filtered row in the tenant zone', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body: { number: '4006123456' } });
    assert.equal(res.statusCode, 202, res.body);
    const job = res.json() as ExportView;
    assert.equal(job.status, 'running');
    assert.equal(job.downloadUrl, null);
    const seen = await poll(admin, job.id);
    const done = seen[seen.length - 1]!;
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.rowsTotal, ROWS);
    assert.equal(done.rowsWritten, ROWS);
    assert.equal(done.truncated, false);
    assert.ok(seen.every((v, i) => i === 0 || v.rowsWritten >= seen[i - 1]!.rowsWritten), 'progress never goes back');
    assert.equal(done.expiresAt, new Date(Date.parse(h.clock.now().toISOString()) + 24 * 3_600_000).toISOString());
    assert.equal(done.downloadUrl, `/api/v1/call-records/exports/${job.id}/file`);

    const file = await h.call(admin, 'GET', done.downloadUrl);
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /spreadsheetml/);
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="call-records-2026-11-22\.xlsx"$/);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.equal(Number(file.headers['content-length']), done.fileBytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('通话记录');
    assert.ok(ws);
    assert.equal(ws.rowCount, ROWS + 1, 'header + every record');
    assert.equal(ws.getRow(1).getCell(1).value, '开始时间 Start');
    // Newest first: record 0 started 07:59 UTC = 15:59 in Asia/Shanghai.
    assert.deepEqual(Array.from(ws.getRow(2).values as unknown[]).slice(1, 11), ['2026-11-22 15:59:00', '4006123456', '+8613900000000', undefined, '江苏省 常州市', undefined, '未接-忙', 0, 0, '0.000']);
    assert.deepEqual(Array.from(ws.getRow(3).values as unknown[]).slice(1, 11), ['2026-11-22 15:58:00', '4006123456', '+8613900000001', undefined, '江苏省 常州市', '13800138000', '已接听', 60, 600, '0.600']);
    assert.equal(ws.getRow(ROWS + 1).getCell(3).value, `+86139${String(ROWS - 1).padStart(8, '0')}`);
  });

  test('filters apply; another tenant neither sees the job nor gets the file; agents may not export', async () => {
    h.clock.advance(1000);
    const res = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body: { outcome: 'busy', caller: '1390000000' } });
    assert.equal(res.statusCode, 202, res.body);
    const job = res.json() as ExportView;
    const done = (await poll(admin, job.id)).pop()!;
    // Callers +8613900000000..09; busy are i % 3 === 0: 0, 3, 6, 9.
    assert.equal(done.rowsWritten, 4);
    assert.equal((await h.call(other, 'GET', `/api/v1/call-records/exports/${job.id}`)).statusCode, 404);
    assert.equal((await h.call(other, 'GET', `/api/v1/call-records/exports/${job.id}/file`)).statusCode, 404);
    const otherList = await h.call(other, 'GET', '/api/v1/call-records/exports');
    assert.deepEqual(otherList.json(), []);
    assert.equal((await h.call(agent, 'POST', '/api/v1/call-records/exports', { body: {} })).statusCode, 403);
    const list = (await h.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[];
    assert.equal(list[0]?.id, job.id, 'newest first');
  });

  test('bad input is refused with a message and starts nothing', async () => {
    const before = ((await h.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[]).length;
    for (const body of [{ outcome: 'bogus' }, { caller: 'abc' }, { from: 'yesterday' }, { number: '4006123456', extra: 1 }]) {
      const res = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body });
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.ok((res.json() as { message: string }).message);
    }
    assert.equal(((await h.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[]).length, before);
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records/exports/nope')).statusCode, 404);
  });

  test('one running export per tenant: a second start is a 409 naming the running one; other tenants are not held up', async () => {
    const running = await insertExportJob(h.db, { tenantId: acme, filter: {}, requestedBy: 'someone', at: h.clock.now() });
    const res = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body: {} });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal((res.json() as { code: string; details: { jobId: string } }).details.jobId, running.id);
    assert.equal((await h.call(admin, 'GET', `/api/v1/call-records/exports/${running.id}/file`)).statusCode, 409, 'no file while running');
    const beta = await h.call(other, 'POST', '/api/v1/call-records/exports', { body: {} });
    assert.equal(beta.statusCode, 202, beta.body);
    assert.equal((await poll(other, (beta.json() as ExportView).id)).pop()?.status, 'done');
  });

  test('a restart fails the job it interrupted (never left running); the tenant can export again', async () => {
    // The job inserted by the previous test was never run: as after a crash. A new app on the same store recovers.
    const second = await ApiHarness.start(h.database, { dataDir });
    try {
      const list = (await second.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[];
      const interrupted = list.find((j) => j.error !== null);
      assert.equal(interrupted?.status, 'failed');
      assert.match(interrupted?.error ?? '', /interrupted/);
      assert.ok(list.every((j) => j.status !== 'running'));
      const again = await second.call(admin, 'POST', '/api/v1/call-records/exports', { body: { outcome: 'busy' } });
      assert.equal(again.statusCode, 202, again.body);
    } finally {
      // Closing stops its writer: a job under way is failed, not left running.
      await second.close();
    }
    const list = (await h.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[];
    assert.ok(list.every((j) => j.status !== 'running'), JSON.stringify(list.map((j) => j.status)));
  });

  test('a finished file expires after 24 h: deleted, the job says expired, the download is refused; all of it audited', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body: { outcome: 'busy' } });
    assert.equal(res.statusCode, 202, res.body);
    const done = (await poll(admin, (res.json() as ExportView).id)).pop()!;
    assert.equal(done.status, 'done');
    const path = join(dataDir, 'exports', acme, `${done.id}.xlsx`);
    assert.ok(existsSync(path));
    assert.equal((await h.call(admin, 'GET', done.downloadUrl!)).statusCode, 200);
    h.clock.advance(24 * 3_600_000 + 1000);
    admin = await h.signIn('acme-admin');
    const list = (await h.call(admin, 'GET', '/api/v1/call-records/exports')).json() as ExportView[];
    assert.equal(list.find((j) => j.id === done.id)?.status, 'expired');
    assert.ok(!existsSync(path), 'file deleted');
    assert.equal((await h.call(admin, 'GET', `/api/v1/call-records/exports/${done.id}/file`)).statusCode, 409);
    const audit = (await h.call(admin, 'GET', '/api/v1/audit', { query: { limit: '500' } })).json() as Array<{ action: string; targetId: string | null; actor: { name: string } }>;
    const of = (action: string) => audit.filter((e) => e.targetId === done.id && e.action === action);
    assert.equal(of('call_records.export')[0]?.actor.name, 'acme-admin');
    assert.equal(of('call_records.export.download').length, 1);
    assert.equal(of('call_records.export.expired')[0]?.actor.name, 'exports');
    assert.ok(audit.some((e) => e.action === 'call_records.export.failed'), 'the interrupted job is in the log');
  });
});
