import { api, unwrap } from '@/shared/api/index.ts';
import type { QueryOf, ResponseOf } from '@/shared/api/index.ts';

export type PoolNumber = ResponseOf<'/api/v1/numbers/pool', 'get'>['items'][number];
export type PoolQuery = Omit<QueryOf<'/api/v1/numbers/pool', 'get'>, 'after' | 'limit'>;
export const POOL_STATUSES = ['available', 'reserved', 'pending_activation', 'active', 'suspended', 'released'] as const;

export const searchPool = (query: PoolQuery, after: string | undefined) =>
  unwrap(api.GET('/api/v1/numbers/pool', { params: { query: { ...query, limit: 50, ...(after ? { after } : {}) } } }));
export const assignNumber = (number: string, tenantId: string, reason: string) =>
  unwrap(api.POST('/api/v1/numbers/pool/{number}/assign', { params: { path: { number } }, body: { tenantId, reason } }));
export const activateNumber = (number: string, reason: string) =>
  unwrap(api.POST('/api/v1/numbers/pool/{number}/activate', { params: { path: { number } }, body: { reason } }));
/** P1: issue (or reset) the 400-number login of the enterprise holding an active number; the 6-digit password is in this answer only. */
export const issueNumberLogin = (number: string) => unwrap(api.POST('/api/v1/auth/number-logins', { body: { number } }));
