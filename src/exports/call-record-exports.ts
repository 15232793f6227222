/**
 * Runs call-record export jobs (P2): each job pages through the tenant's filtered records by
 * keyset and streams them, row by row, into an .xlsx on disk with exceljs's streaming writer — a
 * million rows never sit in memory, only one page of them. Progress goes to the job's row after
 * each page, where the page polls it. A finished file is kept for EXPORT_KEEP_MS, then deleted.
 *
 * Durable in the only honest way a half-written zip allows: a job the platform stopped (or crashed
 * in) is marked failed with the reason at the next start, never left "running"; its partial file
 * is removed. Failures and expiries go to the tenant's audit log as the system's (S2).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import { systemActor } from '../audit/actor.ts';
import { countCallRecords, queryCallRecords } from '../cdr/call-record-query.ts';
import { XLSX_COLUMNS, XLSX_SHEET_NAME, callRecordXlsxRow, localTimeFormatter } from '../reports/call-records-xlsx.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { EXPORT_KEEP_MS, EXPORT_MAX_ROWS, toCallRecordFilter } from './export-job.ts';
import type { ExportJob } from './export-job.ts';
import { dueForExpiry, failExportJobs, finishExportJob, markExportExpired, recordExportProgress } from './export-job-store.ts';

type Db = Kysely<object>;

export interface CallRecordExportsOptions {
  db: Db;
  dataDir: string;
  now: () => Date;
  /** Rows read per page (and between progress writes). */
  pageRows?: number;
  keepMs?: number;
  /** How often finished files are checked for expiry. */
  sweepEveryMs?: number;
  /** The link written into the sheet's recording column. */
  recordingUrl: (id: string) => string;
  log?: (line: string) => void;
}

const AUDITOR = systemActor('exports');

export class CallRecordExports {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly pageRows: number;
  private readonly keepMs: number;

  constructor(private readonly opts: CallRecordExportsOptions) {
    this.pageRows = opts.pageRows ?? 2000;
    this.keepMs = opts.keepMs ?? EXPORT_KEEP_MS;
  }

  /** Where a job's finished workbook lives: under the data folder, by tenant. */
  filePath(job: Pick<ExportJob, 'tenantId' | 'id'>): string {
    return join(this.opts.dataDir, 'exports', job.tenantId, `${job.id}.xlsx`);
  }

  /** At start: fail what the last run left running, expire what fell due, then sweep periodically. */
  async recover(): Promise<void> {
    const failed = await failExportJobs(this.opts.db, {}, 'interrupted: the platform stopped during the export; start it again', this.opts.now());
    for (const job of failed) {
      await rm(`${this.filePath(job)}.part`, { force: true });
      await this.audit(job, 'call_records.export.failed', { error: job.error });
    }
    await this.expireDue();
    this.sweeper = setInterval(() => void this.expireDue().catch((err: unknown) => this.opts.log?.(`export expiry failed: ${(err as Error).message}`)), this.opts.sweepEveryMs ?? 60 * 60 * 1000);
    this.sweeper.unref();
  }

  /** Writes the job's workbook in the background (the job row already says running). */
  start(job: ExportJob): void {
    const abort = new AbortController();
    const done = this.write(job, abort.signal)
      .catch(async (err: unknown) => {
        await rm(`${this.filePath(job)}.part`, { force: true }).catch(() => undefined);
        const reason = abort.signal.aborted ? 'interrupted: the platform stopped during the export; start it again' : `the export failed: ${(err as Error).message}`;
        if (!abort.signal.aborted) this.opts.log?.(`export ${job.id} failed: ${(err as Error).stack ?? String(err)}`);
        const failed = await failExportJobs(this.opts.db, { id: job.id }, reason, this.opts.now());
        for (const f of failed) await this.audit(f, 'call_records.export.failed', { error: reason });
      })
      .catch((err: unknown) => this.opts.log?.(`export ${job.id}: could not record its failure: ${(err as Error).message}`))
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, { abort, done });
  }

  /** Deletes the files of finished jobs past their keep time; returns how many. */
  async expireDue(): Promise<number> {
    const now = this.opts.now();
    const due = await dueForExpiry(this.opts.db, now);
    for (const job of due) {
      await rm(this.filePath(job), { force: true });
      await markExportExpired(this.opts.db, job.id, now);
      await this.audit(job, 'call_records.export.expired', { rows: job.rowsWritten });
    }
    return due.length;
  }

  /** Stops running jobs (each is marked failed: interrupted) and the sweep. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    const jobs = [...this.running.values()];
    for (const j of jobs) j.abort.abort();
    await Promise.all(jobs.map((j) => j.done));
  }

  /** Waits for a job under way (tests). */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.done;
  }

  private async write(job: ExportJob, signal: AbortSignal): Promise<void> {
    const { db } = this.opts;
    const filter = toCallRecordFilter(job.filter);
    const windowAt = new Date(job.windowAt);
    const total = await countCallRecords(db, job.tenantId, filter, windowAt);
    await recordExportProgress(db, job.id, { rowsTotal: total, rowsWritten: 0, at: this.opts.now() });
    const tenant = await getTenant(db, job.tenantId);
    const localTime = localTimeFormatter(tenant?.timeZone ?? 'Asia/Shanghai');

    const path = this.filePath(job);
    await mkdir(join(this.opts.dataDir, 'exports', job.tenantId), { recursive: true });
    const part = `${path}.part`;
    const out = new PassThrough();
    const saved = pipeline(out, createWriteStream(part));
    // The writer's zip goes through `out` to the file; rows are committed as they come, so only
    // the current page is held (no shared strings table: it would grow with the rows).
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    book.creator = 'Hotline';
    const sheet = book.addWorksheet(XLSX_SHEET_NAME);
    sheet.columns = XLSX_COLUMNS.map((c) => ({ ...c }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();

    let written = 0;
    let cursor: string | undefined;
    for (;;) {
      if (signal.aborted) throw new Error('stopped');
      const limit = Math.min(this.pageRows, EXPORT_MAX_ROWS - written);
      if (limit <= 0) break;
      const page = await queryCallRecords(db, job.tenantId, filter, { limit, now: windowAt, ...(cursor ? { cursor } : {}) });
      for (const r of page.items) sheet.addRow(callRecordXlsxRow(r, { localTime, recordingUrl: this.opts.recordingUrl })).commit();
      written += page.items.length;
      await recordExportProgress(db, job.id, { rowsWritten: written, at: this.opts.now() });
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      // Let the file stream drain before the next page is read.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await book.commit();
    await saved;
    await rename(part, path);
    const bytes = (await stat(path)).size;
    const at = this.opts.now();
    await finishExportJob(db, job.id, { rowsWritten: written, truncated: total > written, fileBytes: bytes, at, expiresAt: new Date(at.getTime() + this.keepMs) });
  }

  private async audit(job: ExportJob, action: string, details: Record<string, unknown>): Promise<void> {
    await writeAudit(this.opts.db, AUDITOR, { tenantId: job.tenantId, action, targetType: 'export', targetId: job.id, details }, this.opts.now());
  }
}
