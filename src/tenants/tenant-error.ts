/**
 * A refusal of the tenants domain. `statusCode` follows HTTP so the API passes it through as
 * `{ code, message, details }`; `hotline import` prints `code: message`.
 */
import { CodedError } from '../kernel/coded-error.ts';
export type TenantErrorCode =
  | 'INVALID_TENANT'
  | 'INVALID_DOCUMENT'
  | 'TENANT_NOT_FOUND'
  | 'DOCUMENT_NOT_FOUND'
  | 'UNSUPPORTED_DOCUMENT_FILE'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_CHANGED'
  | 'DOCUMENTS_MISSING'
  | 'TENANT_CODE_TAKEN'
  | 'SOCIAL_CREDIT_CODE_TAKEN'
  | 'INVALID_STATUS_CHANGE';

const STATUS: Record<TenantErrorCode, number> = {
  INVALID_TENANT: 422,
  INVALID_DOCUMENT: 422,
  TENANT_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  UNSUPPORTED_DOCUMENT_FILE: 415,
  DOCUMENT_TOO_LARGE: 413,
  DOCUMENT_CHANGED: 409,
  DOCUMENTS_MISSING: 409,
  TENANT_CODE_TAKEN: 409,
  SOCIAL_CREDIT_CODE_TAKEN: 409,
  INVALID_STATUS_CHANGE: 409,
};

export class TenantError extends CodedError<TenantErrorCode> {
  declare readonly details: null;
  constructor(code: TenantErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
