import { api, queryString, unwrap } from '@/shared/api/index.ts';
import type { QueryOf, ResponseOf } from '@/shared/api/index.ts';

export type CallRecord = ResponseOf<'/api/v1/call-records', 'get'>['items'][number];
export type CallRecordPage = ResponseOf<'/api/v1/call-records', 'get'>;
export type CallRecordQuery = Omit<QueryOf<'/api/v1/call-records', 'get'>, 'cursor' | 'limit'>;

export const OUTCOMES = ['answered', 'busy', 'no_answer', 'cancelled', 'failed', 'interrupted', 'blocked', 'over_cap', 'no_balance', 'closed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PAGE_SIZE = 50;

export function fetchCallRecords(query: CallRecordQuery, cursor: string | undefined): Promise<CallRecordPage> {
  return unwrap(api.GET('/api/v1/call-records', { params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
}

export function fetchOwnNumbers() {
  return unwrap(api.GET('/api/v1/numbers'));
}

/** The recording as the browser fetches it (the session cookie goes along): WAV, or MP3 converted by the server. */
export function recordingHref(record: CallRecord, format: 'wav' | 'mp3' = 'wav'): string | null {
  if (!record.recordingUrl) return null;
  return format === 'mp3' ? `${record.recordingUrl}${queryString({ format: 'mp3' })}` : record.recordingUrl;
}

export type ExportJob = ResponseOf<'/api/v1/call-records/exports/{id}', 'get'>;

/** Starts the export job of the filtered records (409 while another of the tenant's runs). */
export function startExport(query: CallRecordQuery): Promise<ExportJob> {
  return unwrap(api.POST('/api/v1/call-records/exports', { body: query }));
}

export function fetchExport(id: string): Promise<ExportJob> {
  return unwrap(api.GET('/api/v1/call-records/exports/{id}', { params: { path: { id } } }));
}
