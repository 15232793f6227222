/**
 * A refusal of the users domain. `statusCode` follows HTTP so the API passes it through unchanged
 * (`{ code, message, details }`); `hotline import` prints `code: message`.
 */
import { CodedError } from '../kernel/coded-error.ts';
export type UserErrorCode =
  | 'USER_NOT_FOUND'
  | 'NAME_UNAVAILABLE'
  | 'AGENT_ID_TAKEN'
  | 'SIP_PASSWORD_REQUIRED'
  | 'INVALID_USER'
  | 'WEAK_PASSWORD'
  | 'LAST_OPERATOR'
  | 'SEATS_EXHAUSTED'
  | 'NOT_A_NUMBER_LOGIN';

const STATUS: Record<UserErrorCode, number> = {
  USER_NOT_FOUND: 404,
  NAME_UNAVAILABLE: 409,
  AGENT_ID_TAKEN: 409,
  SIP_PASSWORD_REQUIRED: 422,
  INVALID_USER: 422,
  WEAK_PASSWORD: 422,
  LAST_OPERATOR: 409,
  SEATS_EXHAUSTED: 409,
  NOT_A_NUMBER_LOGIN: 403,
};

/**
 * Sign-in names and SIP user names are one namespace across the platform (the sign-in form and a
 * phone's REGISTER name no tenant). A clash gets this one answer — same code, text and status
 * whether the holder is in the caller's tenant or another, naming nobody — so creating a user
 * tells a tenant nothing about other tenants beyond "choose another name" (docs/security.md).
 */
export function nameUnavailable(field: 'username' | 'sipUsername'): UserError {
  return new UserError('NAME_UNAVAILABLE', `this ${field === 'username' ? 'user name' : 'SIP user name'} cannot be used; choose another`, { field });
}

export class UserError extends CodedError<UserErrorCode> {
  constructor(code: UserErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
  }
}
