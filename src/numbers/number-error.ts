/** Coded errors of the 400-number domain; the API maps `status` to the HTTP response. */
export type NumberErrorCode =
  | 'NUMBER_INVALID'
  | 'NUMBER_NOT_FOUND'
  | 'NUMBER_EXISTS'
  | 'NUMBER_TRANSITION_REFUSED'
  | 'NUMBER_HELD_BY_OTHER_TENANT'
  | 'NUMBER_LICENCE_MISSING'
  | 'NUMBER_QUARANTINED'
  | 'NUMBER_SEARCH_INVALID'
  | 'NUMBER_RULE_SET_NOT_FOUND'
  | 'NUMBER_CLASS_NOT_FOUND'
  | 'NUMBER_TERMS_INVALID';

const STATUS: Record<NumberErrorCode, number> = {
  NUMBER_INVALID: 400,
  NUMBER_NOT_FOUND: 404,
  NUMBER_EXISTS: 409,
  NUMBER_TRANSITION_REFUSED: 409,
  NUMBER_HELD_BY_OTHER_TENANT: 409,
  NUMBER_LICENCE_MISSING: 422,
  NUMBER_QUARANTINED: 409,
  NUMBER_SEARCH_INVALID: 400,
  NUMBER_RULE_SET_NOT_FOUND: 404,
  NUMBER_CLASS_NOT_FOUND: 404,
  NUMBER_TERMS_INVALID: 400,
};

export class NumberError extends Error {
  /** The HTTP status the API answers with (the API passes `code` + 4xx `statusCode` through). */
  readonly statusCode: number;
  readonly status: number;
  constructor(
    readonly code: NumberErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'NumberError';
    this.status = STATUS[code];
    this.statusCode = this.status;
  }
}
