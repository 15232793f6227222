import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type CallAnalysis = ResponseOf<'/api/v1/reports/call-analysis', 'get'>;
export type NumberStats = CallAnalysis['numbers'][number];
export type PhoneStats = CallAnalysis['phones'][number];

export const fetchCallAnalysis = (from: string, to: string) => unwrap(api.GET('/api/v1/reports/call-analysis', { params: { query: { from, to } } }));
