import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentKind } from '@/features/tenant-documents/index.ts';
import { createTenant, fetchDocuments, fetchTenants, reviewDocument, setTenantStatus, uploadDocument } from '../api/tenants-api.ts';
import type { NewTenant, Review, Tenant } from '../api/tenants-api.ts';

export function useTenants(enabled = true) {
  return useQuery({ queryKey: ['tenants'], queryFn: fetchTenants, enabled });
}

export function useTenantDocuments(id: string) {
  return useQuery({ queryKey: ['tenants', id, 'documents'], queryFn: () => fetchDocuments(id) });
}

/** The operator's onboarding steps: add, upload documents (on the enterprise's behalf), review them, activate. */
export function useOnboarding() {
  const client = useQueryClient();
  const refresh = (id?: string) => client.invalidateQueries({ queryKey: id ? ['tenants', id] : ['tenants'] });
  return {
    create: useMutation({ mutationFn: (t: NewTenant) => createTenant(t), onSuccess: () => refresh() }),
    upload: useMutation({
      mutationFn: (v: { id: string; kind: DocumentKind; file: File; number: string }) => uploadDocument(v.id, v.kind, v.file, v.number),
      onSuccess: (_, v) => refresh(v.id),
    }),
    review: useMutation({ mutationFn: (v: { id: string; kind: DocumentKind } & Review) => reviewDocument(v.id, v.kind, { decision: v.decision, reason: v.reason, fileId: v.fileId }), onSuccess: (_, v) => refresh(v.id) }),
    setStatus: useMutation({ mutationFn: (v: { id: string; status: Tenant['status']; reason: string }) => setTenantStatus(v.id, v.status, v.reason), onSuccess: () => refresh() }),
  };
}
