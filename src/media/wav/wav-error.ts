// The error WAV code throws for files it cannot read or repair; `code` says why.

export type WavErrorCode = 'not-wav' | 'no-fmt' | 'no-data' | 'unsupported-format' | 'truncated' | 'io';

export class WavError extends Error {
  override readonly name = 'WavError';
  constructor(
    readonly code: WavErrorCode,
    message: string,
  ) {
    super(message);
  }
}
