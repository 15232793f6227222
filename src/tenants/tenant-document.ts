/**
 * The enterprise's qualification documents (N4; seeds 000, 001: 营业执照, 经办人/法人身份证 加盖公章,
 * 业务受理单 / 申请表, 承诺书). The business licence and the handler's ID must be on file and approved
 * by the operator before a number is activated or the enterprise opened; the others are kept when the
 * carrier asks for them. Each kind has one current document (its number, its current file, the
 * operator's review); every uploaded file is kept.
 */

export const TENANT_DOCUMENT_KINDS = ['business_licence', 'handler_id', 'legal_rep_id', 'application_form', 'commitment_letter'] as const;
export type TenantDocumentKind = (typeof TENANT_DOCUMENT_KINDS)[number];

/** What N4 requires approved before activation. */
export const REQUIRED_DOCUMENT_KINDS: readonly TenantDocumentKind[] = ['business_licence', 'handler_id'];

/** Kinds that carry a document number (the credit code, an ID-card number); forms and letters do not. */
export const NUMBERED_DOCUMENT_KINDS: readonly TenantDocumentKind[] = ['business_licence', 'handler_id', 'legal_rep_id'];

export type TenantDocumentReview = 'pending' | 'approved' | 'rejected';

export interface TenantDocument {
  readonly tenantId: string;
  readonly kind: TenantDocumentKind;
  /** Where the scan lives: `file:<id>` for an uploaded file, else a reference recorded by import. */
  readonly fileRef: string;
  /** The uploaded file's id (null for a document recorded by reference only). */
  readonly fileId: string | null;
  /** The licence's social credit code, or an ID-card number; '' for forms and letters. */
  readonly number: string;
  readonly review: TenantDocumentReview;
  readonly verified: boolean;
  readonly verifiedBy: string | null;
  readonly verifiedAt: string | null;
  readonly rejectionReason: string | null;
  readonly rejectedBy: string | null;
  readonly rejectedAt: string | null;
  readonly updatedAt: string;
}

export interface TenantDocumentInput {
  readonly kind: TenantDocumentKind;
  readonly fileRef: string;
  readonly number: string;
}

/** The review of a document as words a UI shows: approved, rejected (with a reason), or waiting. */
export function reviewOf(d: { verified: boolean; rejectionReason: string | null }): TenantDocumentReview {
  if (d.verified) return 'approved';
  return d.rejectionReason === null ? 'pending' : 'rejected';
}
