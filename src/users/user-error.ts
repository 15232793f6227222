/**
 * A refusal of the users domain. `statusCode` follows HTTP so the API passes it through unchanged
 * (`{ code, message, details }`); `hotline import` prints `code: message`.
 */
export type UserErrorCode =
  | 'USER_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'AGENT_ID_TAKEN'
  | 'SIP_USERNAME_TAKEN'
  | 'SIP_PASSWORD_REQUIRED'
  | 'INVALID_USER'
  | 'WEAK_PASSWORD'
  | 'LAST_OPERATOR'
  | 'SEATS_EXHAUSTED';

const STATUS: Record<UserErrorCode, number> = {
  USER_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  AGENT_ID_TAKEN: 409,
  SIP_USERNAME_TAKEN: 409,
  SIP_PASSWORD_REQUIRED: 422,
  INVALID_USER: 422,
  WEAK_PASSWORD: 422,
  LAST_OPERATOR: 409,
  SEATS_EXHAUSTED: 409,
};

export class UserError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'UserError';
    this.statusCode = STATUS[code];
  }
}
