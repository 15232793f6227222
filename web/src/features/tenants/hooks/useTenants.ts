import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTenant, fetchDocuments, fetchTenants, putDocument, setTenantStatus, verifyDocument } from '../api/tenants-api.ts';
import type { DocumentKind, NewTenant, Tenant } from '../api/tenants-api.ts';

export function useTenants(enabled = true) {
  return useQuery({ queryKey: ['tenants'], queryFn: fetchTenants, enabled });
}

export function useTenantDocuments(id: string) {
  return useQuery({ queryKey: ['tenants', id, 'documents'], queryFn: () => fetchDocuments(id) });
}

/** The operator's onboarding steps: add, record documents, verify them, activate. */
export function useOnboarding() {
  const client = useQueryClient();
  const refresh = (id?: string) => client.invalidateQueries({ queryKey: id ? ['tenants', id] : ['tenants'] });
  return {
    create: useMutation({ mutationFn: (t: NewTenant) => createTenant(t), onSuccess: () => refresh() }),
    putDocument: useMutation({
      mutationFn: (v: { id: string; kind: DocumentKind; number: string; fileRef: string }) => putDocument(v.id, v.kind, v.number, v.fileRef),
      onSuccess: (_, v) => refresh(v.id),
    }),
    verify: useMutation({ mutationFn: (v: { id: string; kind: DocumentKind; verified: boolean }) => verifyDocument(v.id, v.kind, v.verified), onSuccess: (_, v) => refresh(v.id) }),
    setStatus: useMutation({ mutationFn: (v: { id: string; status: Tenant['status']; reason: string }) => setTenantStatus(v.id, v.status, v.reason), onSuccess: () => refresh() }),
  };
}
