import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type Account = ResponseOf<'/api/v1/accounts/{id}', 'get'>;
export type Statement = ResponseOf<'/api/v1/accounts/{id}/statement', 'get'>;

const path = (id: string) => ({ params: { path: { id } } });
export const fetchAccount = (id: string) => unwrap(api.GET('/api/v1/accounts/{id}', path(id)));
export const fetchStatement = (id: string, month: string) => unwrap(api.GET('/api/v1/accounts/{id}/statement', { params: { path: { id }, query: { month } } }));
export const postTopUp = (id: string, body: { amountLi: number; reference?: string; note?: string }) => unwrap(api.POST('/api/v1/accounts/{id}/top-ups', { ...path(id), body }));
export const postAdjustment = (id: string, body: { amountLi: number; note: string }) => unwrap(api.POST('/api/v1/accounts/{id}/adjustments', { ...path(id), body }));
