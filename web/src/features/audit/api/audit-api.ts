import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type AuditEntry = ResponseOf<'/api/v1/audit', 'get'>[number];
export type AuditScope = 'tenant' | 'platform';
export const AUDIT_PAGE = 50;

/** A page of entries older than `before`, newest first. */
export function fetchAudit(scope: AuditScope, filters: { action?: string; before?: string; tenantId?: string }) {
  const query = { limit: AUDIT_PAGE, ...(filters.action ? { action: filters.action } : {}), ...(filters.before ? { before: filters.before } : {}) };
  return scope === 'tenant'
    ? unwrap(api.GET('/api/v1/audit', { params: { query } }))
    : unwrap(api.GET('/api/v1/audit/platform', { params: { query: { ...query, ...(filters.tenantId ? { tenantId: filters.tenantId } : {}) } } }));
}
