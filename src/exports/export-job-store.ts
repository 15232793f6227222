/**
 * Export jobs as stored. The partial unique index `export_jobs_one_running` keeps one running job
 * per tenant: a second start is refused by the database itself, whatever races the requests run.
 */
import type { Kysely } from 'kysely';
import { newId, toDbBoolean, toDbTimestamp } from '../db/conventions.ts';
import type { ExportJob, ExportStatus, StoredFilter } from './export-job.ts';

export type ExportJobTables = {
  export_jobs: {
    id: string;
    tenant_id: string;
    kind: string;
    status: string;
    filter: string;
    window_at: string;
    rows_total: number | null;
    rows_written: number;
    truncated: number;
    file_bytes: number | null;
    error: string | null;
    requested_by: string;
    created_at: string;
    updated_at: string;
    finished_at: string | null;
    expires_at: string | null;
  };
};

type Db = Kysely<object>;
type Row = ExportJobTables['export_jobs'];
const tables = (db: Db) => db.withTables<ExportJobTables>();

export class ExportBusyError extends Error {
  readonly code = 'EXPORT_RUNNING';
  readonly statusCode = 409;
  constructor(readonly running: ExportJob) {
    super('An export of yours is still running: wait for it to finish (one at a time per enterprise)');
  }
  get details() {
    return { jobId: this.running.id };
  }
}

function toJob(r: Row): ExportJob {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    kind: 'call_records',
    status: r.status as ExportStatus,
    filter: JSON.parse(r.filter) as StoredFilter,
    windowAt: r.window_at,
    rowsTotal: r.rows_total === null ? null : Number(r.rows_total),
    rowsWritten: Number(r.rows_written),
    truncated: Number(r.truncated) === 1,
    fileBytes: r.file_bytes === null ? null : Number(r.file_bytes),
    error: r.error,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
  };
}

export async function getExportJob(db: Db, tenantId: string, id: string): Promise<ExportJob | undefined> {
  const row = await tables(db).selectFrom('export_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

export async function runningExportJob(db: Db, tenantId: string): Promise<ExportJob | undefined> {
  const row = await tables(db).selectFrom('export_jobs').selectAll().where('tenant_id', '=', tenantId).where('status', '=', 'running').executeTakeFirst();
  return row && toJob(row);
}

/** The tenant's latest jobs, newest first. */
export async function listExportJobs(db: Db, tenantId: string, limit = 20): Promise<ExportJob[]> {
  const rows = await tables(db).selectFrom('export_jobs').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toJob);
}

/** A new running job; ExportBusyError when the tenant already has one running. */
export async function insertExportJob(db: Db, input: { tenantId: string; filter: StoredFilter; requestedBy: string; at: Date }): Promise<ExportJob> {
  const running = await runningExportJob(db, input.tenantId);
  if (running) throw new ExportBusyError(running);
  const stamp = toDbTimestamp(input.at);
  const row: Row = {
    id: newId(),
    tenant_id: input.tenantId,
    kind: 'call_records',
    status: 'running',
    filter: JSON.stringify(input.filter),
    window_at: stamp,
    rows_total: null,
    rows_written: 0,
    truncated: 0,
    file_bytes: null,
    error: null,
    requested_by: input.requestedBy,
    created_at: stamp,
    updated_at: stamp,
    finished_at: null,
    expires_at: null,
  };
  try {
    await tables(db).insertInto('export_jobs').values(row).execute();
  } catch (err) {
    // Lost a race with another start: the index refused the second running job.
    const winner = await runningExportJob(db, input.tenantId).catch(() => undefined);
    if (winner) throw new ExportBusyError(winner);
    throw err;
  }
  return toJob(row);
}

export async function recordExportProgress(db: Db, id: string, p: { rowsTotal?: number; rowsWritten: number; at: Date }): Promise<void> {
  await tables(db)
    .updateTable('export_jobs')
    .set({ rows_written: p.rowsWritten, updated_at: toDbTimestamp(p.at), ...(p.rowsTotal !== undefined ? { rows_total: p.rowsTotal } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishExportJob(db: Db, id: string, r: { rowsWritten: number; truncated: boolean; fileBytes: number; at: Date; expiresAt: Date }): Promise<void> {
  const stamp = toDbTimestamp(r.at);
  await tables(db)
    .updateTable('export_jobs')
    .set({ status: 'done', rows_written: r.rowsWritten, truncated: toDbBoolean(r.truncated), file_bytes: r.fileBytes, updated_at: stamp, finished_at: stamp, expires_at: toDbTimestamp(r.expiresAt) })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Fails running jobs (one, or all of them: `id` undefined); returns those it failed. */
export async function failExportJobs(db: Db, where: { id?: string }, error: string, at: Date): Promise<ExportJob[]> {
  let q = tables(db).selectFrom('export_jobs').selectAll().where('status', '=', 'running');
  if (where.id) q = q.where('id', '=', where.id);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const stamp = toDbTimestamp(at);
  await tables(db).updateTable('export_jobs').set({ status: 'failed', error, updated_at: stamp, finished_at: stamp }).where('id', 'in', rows.map((r) => r.id)).where('status', '=', 'running').execute();
  return rows.map((r) => toJob({ ...r, status: 'failed', error }));
}

/** Finished jobs whose file is past its keep time. */
export async function dueForExpiry(db: Db, at: Date): Promise<ExportJob[]> {
  const rows = await tables(db).selectFrom('export_jobs').selectAll().where('status', '=', 'done').where('expires_at', '<=', toDbTimestamp(at)).execute();
  return rows.map(toJob);
}

export async function markExportExpired(db: Db, id: string, at: Date): Promise<void> {
  await tables(db).updateTable('export_jobs').set({ status: 'expired', updated_at: toDbTimestamp(at) }).where('id', '=', id).where('status', '=', 'done').execute();
}
