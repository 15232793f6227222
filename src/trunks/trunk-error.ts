/**
 * A refusal of the trunks domain. `statusCode` follows HTTP so the API passes it through as
 * `{ code, message, details }`; `hotline import` prints `code: message`.
 */
import { CodedError } from '../kernel/coded-error.ts';
export type TrunkErrorCode = 'INVALID_TRUNK' | 'TRUNK_NOT_FOUND' | 'TRUNK_NAME_TAKEN';

const STATUS: Record<TrunkErrorCode, number> = {
  INVALID_TRUNK: 422,
  TRUNK_NOT_FOUND: 404,
  TRUNK_NAME_TAKEN: 409,
};

export class TrunkError extends CodedError<TrunkErrorCode> {
  declare readonly details: null;
  constructor(code: TrunkErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
