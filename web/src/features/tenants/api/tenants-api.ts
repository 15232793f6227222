import { fileUpload } from '@/features/tenant-documents/index.ts';
import type { DocumentKind } from '@/features/tenant-documents/index.ts';
import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type Tenant = ResponseOf<'/api/v1/tenants', 'get'>[number];
export type NewTenant = BodyOf<'/api/v1/tenants', 'post'>;
export type Review = BodyOf<'/api/v1/tenants/{id}/documents/{kind}/review', 'post'>;

export const fetchTenants = () => unwrap(api.GET('/api/v1/tenants'));
export const createTenant = (body: NewTenant) => unwrap(api.POST('/api/v1/tenants', { body }));
export const fetchDocuments = (id: string) => unwrap(api.GET('/api/v1/tenants/{id}/documents', { params: { path: { id } } }));
/** The operator uploads a document's file on the enterprise's behalf. */
export const uploadDocument = (id: string, kind: DocumentKind, file: File, number: string) => {
  const { query, ...rest } = fileUpload(kind, file, number);
  return unwrap(api.POST('/api/v1/tenants/{id}/document-files', { params: { path: { id }, query }, ...rest }));
};
export const reviewDocument = (id: string, kind: DocumentKind, body: Review) =>
  unwrap(api.POST('/api/v1/tenants/{id}/documents/{kind}/review', { params: { path: { id, kind } }, body }));
export const setTenantStatus = (id: string, status: Tenant['status'], reason: string) =>
  unwrap(api.POST('/api/v1/tenants/{id}/status', { params: { path: { id } }, body: { status, reason } }));

export type TenantOutbound = ResponseOf<'/api/v1/tenants/{id}/outbound', 'get'>;
export type OutboundChange = BodyOf<'/api/v1/tenants/{id}/outbound', 'put'>;
export const fetchOutbound = (id: string) => unwrap(api.GET('/api/v1/tenants/{id}/outbound', { params: { path: { id } } }));
export const updateOutbound = (id: string, body: OutboundChange) => unwrap(api.PUT('/api/v1/tenants/{id}/outbound', { params: { path: { id } }, body }));
export const liftOutboundSuspension = (id: string) => unwrap(api.POST('/api/v1/tenants/{id}/outbound/lift-suspension', { params: { path: { id } } }));
