/** Coded failures of the trunks domain; `kind` tells the API which status family it is. */
export type TrunkErrorCode = 'invalid_trunk' | 'trunk_not_found' | 'trunk_name_taken';

const KIND: Record<TrunkErrorCode, 'invalid' | 'not_found' | 'conflict'> = {
  invalid_trunk: 'invalid',
  trunk_not_found: 'not_found',
  trunk_name_taken: 'conflict',
};

export class TrunkError extends Error {
  readonly kind: 'invalid' | 'not_found' | 'conflict';
  constructor(
    readonly code: TrunkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrunkError';
    this.kind = KIND[code];
  }
}
