/** Coded errors of the 400-number domain; the API maps `statusCode` to the HTTP response. */
import { CodedError } from '../kernel/coded-error.ts';
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

export class NumberError extends CodedError<NumberErrorCode> {
  declare readonly details: Readonly<Record<string, unknown>>;
  constructor(code: NumberErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, STATUS[code], details);
  }

  /** The HTTP status (also `statusCode`). */
  get status(): number {
    return this.statusCode;
  }
}
