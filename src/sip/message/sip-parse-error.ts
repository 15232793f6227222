/** What a parser could still read from a malformed request: enough to build an error response. */
export interface PartialMessage {
  via?: string[];
  from?: string;
  to?: string;
  callId?: string;
  cseq?: string;
  isRequest: boolean;
}

/**
 * The only error the SIP parser throws. `reason` is short and fit for a response reason phrase;
 * `status` is the response a server should answer a request with (400, 414, 416, 505, …).
 */
export class SipParseError extends Error {
  readonly reason: string;
  readonly status: number;
  readonly partial?: PartialMessage;

  /** `cause` is set only when the parser met an unforeseen failure (a bug, found by fuzzing). */
  constructor(reason: string, status = 400, partial?: PartialMessage, cause?: unknown) {
    super(`${status} ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'SipParseError';
    this.reason = reason;
    this.status = status;
    if (partial !== undefined) this.partial = partial;
  }

  /** A copy of this error that carries what could be read of the message. */
  withPartial(partial: PartialMessage): SipParseError {
    return new SipParseError(this.reason, this.status, partial);
  }
}
