import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type TenantDocument = ResponseOf<'/api/v1/tenant/documents', 'get'>[number];
export type DocumentKind = TenantDocument['kind'];

/** The kinds in the order a page lists them; N4 requires the first two approved before activation. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['business_licence', 'handler_id', 'legal_rep_id', 'application_form', 'commitment_letter'];
export const REQUIRED_KINDS: readonly DocumentKind[] = ['business_licence', 'handler_id'];
/** Kinds that carry a number (credit code, ID-card number); forms and letters do not. */
export const NUMBERED_KINDS: readonly DocumentKind[] = ['business_licence', 'handler_id', 'legal_rep_id'];

/** How a page sends a chosen file: the file itself is the body; the server sniffs its type. */
export function fileUpload(kind: DocumentKind, file: File, number: string) {
  return {
    query: { kind, ...(number ? { number } : {}), name: file.name },
    body: file as never,
    bodySerializer: (b: unknown) => b as BodyInit,
    headers: { 'Content-Type': 'application/octet-stream' },
  };
}

export const fetchOwnDocuments = () => unwrap(api.GET('/api/v1/tenant/documents'));

export const uploadOwnDocument = (kind: DocumentKind, file: File, number: string) => {
  const { query, ...rest } = fileUpload(kind, file, number);
  return unwrap(api.POST('/api/v1/tenant/document-files', { params: { query }, ...rest }));
};
