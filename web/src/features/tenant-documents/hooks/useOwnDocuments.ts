import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchOwnDocuments, uploadOwnDocument } from '../api/documents-api.ts';
import type { DocumentKind } from '../api/documents-api.ts';

export function useOwnDocuments() {
  return useQuery({ queryKey: ['tenant', 'documents'], queryFn: fetchOwnDocuments });
}

export function useUploadOwnDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind: DocumentKind; file: File; number: string }) => uploadOwnDocument(v.kind, v.file, v.number),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tenant', 'documents'] }),
  });
}
