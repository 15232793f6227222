// Why a synthesis failed: the engine binary missing ('spawn'), it failed or was aborted
// ('failed'), it produced no audio ('empty'), or the text is unusable ('bad-text').

export type TtsErrorCode = 'spawn' | 'failed' | 'empty' | 'bad-text';

export class TtsError extends Error {
  override readonly name = 'TtsError';
  constructor(
    readonly code: TtsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
