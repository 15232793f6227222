// The error DTMF parsers throw on malformed input (an RFC 4733 payload too short, a SIP INFO body
// without a usable Signal). Call control answers a bad INFO body with 400 and keeps the call.

export type DtmfErrorCode = 'payload-short' | 'bad-event' | 'bad-body' | 'unsupported-type';

export class DtmfError extends Error {
  override readonly name = 'DtmfError';
  constructor(
    readonly code: DtmfErrorCode,
    message: string,
  ) {
    super(message);
  }
}
