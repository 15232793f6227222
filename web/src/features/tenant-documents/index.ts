/** N4: the enterprise's qualification documents — the tenant's page and the table the operator reviews in. */
export { DocumentsPage } from './components/DocumentsPage.tsx';
export { DocumentsTable } from './components/DocumentsTable.tsx';
export { fileUpload, REQUIRED_KINDS } from './api/documents-api.ts';
export type { DocumentKind, TenantDocument } from './api/documents-api.ts';
export { useUploadErrorText } from './hooks/useUploadErrorText.ts';
