/** Coded failures of the tenants domain; `kind` tells the API which status family it is. */
export type TenantErrorCode =
  | 'invalid_tenant'
  | 'invalid_document'
  | 'tenant_not_found'
  | 'document_not_found'
  | 'tenant_code_taken'
  | 'social_credit_code_taken'
  | 'invalid_status_change';

const KIND: Record<TenantErrorCode, 'invalid' | 'not_found' | 'conflict'> = {
  invalid_tenant: 'invalid',
  invalid_document: 'invalid',
  tenant_not_found: 'not_found',
  document_not_found: 'not_found',
  tenant_code_taken: 'conflict',
  social_credit_code_taken: 'conflict',
  invalid_status_change: 'conflict',
};

export class TenantError extends Error {
  readonly kind: 'invalid' | 'not_found' | 'conflict';
  constructor(
    readonly code: TenantErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TenantError';
    this.kind = KIND[code];
  }
}
