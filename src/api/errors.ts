/**
 * The API's error catalogue: every error a client can see has a stable `code`, an HTTP status and a
 * human message. Handlers throw `ApiError`; the error handler turns it into `{ code, message, details }`.
 * Codes are part of the public contract (documented in docs/api.md): add, never rename.
 */
import { CodedError } from '../kernel/coded-error.ts';

export const API_ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed' },
  INVALID_JSON: { status: 400, message: 'The body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in or present an API key' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong user name, number or password' },
  SESSION_EXPIRED: { status: 401, message: 'The session has expired or was revoked' },
  INVALID_API_KEY: { status: 401, message: 'The API key is unknown or revoked' },
  CSRF_REJECTED: { status: 403, message: 'Missing or wrong X-CSRF-Token header' },
  FORBIDDEN: { status: 403, message: 'Your role may not do this' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'Change your password before anything else' },
  ACCOUNT_DISABLED: { status: 403, message: 'This account is disabled' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  WEAK_PASSWORD: { status: 422, message: 'The new password is too weak' },
  UNPROCESSABLE: { status: 422, message: 'The request is well-formed but cannot be applied' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested byte range lies outside the file' },
  SIGN_IN_LOCKED: { status: 429, message: 'Too many failed sign-ins; try again later' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  INTERNAL: { status: 500, message: 'Internal error' },
  UPSTREAM_REFUSED: { status: 502, message: 'The phone or carrier refused the request' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** A coded error: throw it from a handler or hook; the client gets `{ code, message, details }`. */
export class ApiError extends CodedError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message?: string, details?: unknown) {
    super(code, message ?? API_ERRORS[code].message, API_ERRORS[code].status, details ?? null);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
