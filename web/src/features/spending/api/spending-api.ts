import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type Account = ResponseOf<'/api/v1/account', 'get'>;
export type SpendingReport = ResponseOf<'/api/v1/reports/spending', 'get'>;
export type Statement = ResponseOf<'/api/v1/account/statement', 'get'>;
export type LedgerEntry = Statement['entries'][number];

export const fetchAccount = () => unwrap(api.GET('/api/v1/account'));
export const fetchSpending = (year: number) => unwrap(api.GET('/api/v1/reports/spending', { params: { query: { year } } }));
export const fetchStatement = (month: string) => unwrap(api.GET('/api/v1/account/statement', { params: { query: { month } } }));
