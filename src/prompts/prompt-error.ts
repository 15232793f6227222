/** A prompt that cannot be taken: bad audio or text (422), or a name in use (409). */
export class PromptError extends Error {
  readonly code: 'UNPROCESSABLE' | 'CONFLICT';
  readonly statusCode: 422 | 409;
  readonly details = null;
  constructor(message: string, kind: 'invalid' | 'conflict' = 'invalid') {
    super(message);
    this.code = kind === 'conflict' ? 'CONFLICT' : 'UNPROCESSABLE';
    this.statusCode = kind === 'conflict' ? 409 : 422;
  }
}
