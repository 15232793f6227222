import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type Tenant = ResponseOf<'/api/v1/tenants', 'get'>[number];
export type NewTenant = BodyOf<'/api/v1/tenants', 'post'>;
export type TenantDocument = ResponseOf<'/api/v1/tenants/{id}/documents', 'get'>[number];
export type DocumentKind = TenantDocument['kind'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['business_licence', 'handler_id'];

export const fetchTenants = () => unwrap(api.GET('/api/v1/tenants'));
export const createTenant = (body: NewTenant) => unwrap(api.POST('/api/v1/tenants', { body }));
export const fetchDocuments = (id: string) => unwrap(api.GET('/api/v1/tenants/{id}/documents', { params: { path: { id } } }));
export const putDocument = (id: string, kind: DocumentKind, number: string, fileRef: string) =>
  unwrap(api.PUT('/api/v1/tenants/{id}/documents/{kind}', { params: { path: { id, kind } }, body: { number, fileRef } }));
export const verifyDocument = (id: string, kind: DocumentKind, verified: boolean) =>
  unwrap(api.PUT('/api/v1/tenants/{id}/documents/{kind}/verification', { params: { path: { id, kind } }, body: { verified } }));
export const setTenantStatus = (id: string, status: Tenant['status'], reason: string) =>
  unwrap(api.POST('/api/v1/tenants/{id}/status', { params: { path: { id } }, body: { status, reason } }));
