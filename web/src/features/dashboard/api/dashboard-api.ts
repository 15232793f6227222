import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type CallAnalysis = ResponseOf<'/api/v1/reports/call-analysis', 'get'>;
export type RecentRecord = ResponseOf<'/api/v1/call-records', 'get'>['items'][number];

/** Calls, answered, busy, no answer and talk time per number between two instants. */
export const fetchAnalysis = (from: string, to: string) => unwrap(api.GET('/api/v1/reports/call-analysis', { params: { query: { from, to } } }));

/** Up to 500 of today's records, newest first: enough for the hourly chart of a day's calls. */
export const fetchTodayRecords = (from: string) => unwrap(api.GET('/api/v1/call-records', { params: { query: { from, limit: 500 } } }));
