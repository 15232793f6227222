/**
 * A refusal with a stable machine-readable `code` and the HTTP status it maps to. Domains subclass
 * it with their own code union and code → status table; the API answers any of them as
 * `{ code, message, details }` with `statusCode`, and the CLI prints `code: message`.
 */
export abstract class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** The HTTP status the API answers with. */
    readonly statusCode: number,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
