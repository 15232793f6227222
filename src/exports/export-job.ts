/**
 * An export job (P2): a tenant's large call-record export, written to a file in the background
 * while the page polls its progress, downloadable until it expires.
 *
 * running → done (the file is there until `expiresAt`) → expired (the file deleted)
 *         → failed (with the reason; a restart fails the jobs it interrupted)
 */
import type { CallRecordFilter } from '../cdr/call-record-query.ts';

export const EXPORT_STATUSES = ['running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ExportJob {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'call_records';
  readonly status: ExportStatus;
  /** What the list was filtered by (instants as ISO text). */
  readonly filter: StoredFilter;
  /** The instant the three-month window is counted back from: the job's own, so a long run sees one window. */
  readonly windowAt: string;
  /** Rows the filter matched when the job began (null until counted). */
  readonly rowsTotal: number | null;
  readonly rowsWritten: number;
  /** More rows matched than one worksheet holds: the first EXPORT_MAX_ROWS were written. */
  readonly truncated: boolean;
  readonly fileBytes: number | null;
  readonly error: string | null;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly expiresAt: string | null;
}

/** A CallRecordFilter as stored (JSON). */
export interface StoredFilter {
  from?: string;
  to?: string;
  number400?: string;
  caller?: string;
  outcomes?: string[];
  region?: string;
}

export function toCallRecordFilter(f: StoredFilter): CallRecordFilter {
  return {
    ...(f.from ? { from: new Date(f.from) } : {}),
    ...(f.to ? { to: new Date(f.to) } : {}),
    ...(f.number400 ? { number400: f.number400 } : {}),
    ...(f.caller ? { caller: f.caller } : {}),
    ...(f.outcomes ? { outcomes: f.outcomes as CallRecordFilter['outcomes'] } : {}),
    ...(f.region ? { region: f.region } : {}),
  };
}

export function toStoredFilter(f: CallRecordFilter): StoredFilter {
  return {
    ...(f.from ? { from: f.from.toISOString() } : {}),
    ...(f.to ? { to: f.to.toISOString() } : {}),
    ...(f.number400 ? { number400: f.number400 } : {}),
    ...(f.caller ? { caller: f.caller } : {}),
    ...(f.outcomes ? { outcomes: [...f.outcomes] } : {}),
    ...(f.region ? { region: f.region } : {}),
  };
}

/** One worksheet's rows (Excel's 1 048 576) less the header, rounded down: the most one export writes. */
export const EXPORT_MAX_ROWS = 1_000_000;
/** How long a finished export's file is kept for download. */
export const EXPORT_KEEP_MS = 24 * 60 * 60 * 1000;
