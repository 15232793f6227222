/**
 * The records N4 requires before a number can be activated: the enterprise's business licence
 * and the handler's identity document, each a stored file reference, its number, and whether the
 * operator has verified it.
 */

export const TENANT_DOCUMENT_KINDS = ['business_licence', 'handler_id'] as const;
export type TenantDocumentKind = (typeof TENANT_DOCUMENT_KINDS)[number];

export interface TenantDocument {
  readonly tenantId: string;
  readonly kind: TenantDocumentKind;
  /** Where the scan lives (a recording-store style key or URL), never the bytes. */
  readonly fileRef: string;
  /** The licence's social credit code, or the handler's ID-card number. */
  readonly number: string;
  readonly verified: boolean;
  readonly verifiedBy: string | null;
  readonly verifiedAt: string | null;
  readonly updatedAt: string;
}

export interface TenantDocumentInput {
  readonly kind: TenantDocumentKind;
  readonly fileRef: string;
  readonly number: string;
}
