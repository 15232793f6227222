/**
 * A refusal of the trunks domain. `statusCode` follows HTTP so the API passes it through as
 * `{ code, message, details }`; `hotline import` prints `code: message`.
 */
export type TrunkErrorCode = 'INVALID_TRUNK' | 'TRUNK_NOT_FOUND' | 'TRUNK_NAME_TAKEN';

const STATUS: Record<TrunkErrorCode, number> = {
  INVALID_TRUNK: 422,
  TRUNK_NOT_FOUND: 404,
  TRUNK_NAME_TAKEN: 409,
};

export class TrunkError extends Error {
  readonly statusCode: number;
  readonly details = null;
  constructor(
    readonly code: TrunkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrunkError';
    this.statusCode = STATUS[code];
  }
}
