/** A destination a tenant may not reach, refused where it is configured (422) — bound phone or forwarding number. */
export class DestinationError extends Error {
  readonly statusCode = 422;
  readonly code = 'DESTINATION_NOT_ALLOWED';
  constructor(
    message: string,
    readonly details: { number: string; why: 'premium' | 'country' | 'invalid' },
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}
