/**
 * Why a call verb (hold, transfer, hang up …) could not be done. Drivers map the code: the API to
 * an HTTP status, a SIP REFER to a NOTIFY or a 4xx.
 */
export type CallVerbErrorCode =
  /** No leg by that reference in this call. */
  | 'no-such-leg'
  /** The call is not in a state where the verb applies (not answered, already held …). */
  | 'bad-state'
  /** Another offer/answer exchange is under way; try again. */
  | 'busy'
  /** The far end refused (a re-INVITE answered 4xx/5xx, a transfer target that failed). */
  | 'refused'
  /** The destination is not allowed by the tenant's policy (toll fraud through transfer). */
  | 'forbidden'
  /** The verb's AbortSignal fired. */
  | 'aborted';

export class CallVerbError extends Error {
  constructor(
    readonly code: CallVerbErrorCode,
    message: string,
    /** For `refused` by a phone that was rung: what the record says about it (busy, no answer …). */
    readonly final?: { outcome: 'busy' | 'no_answer' | 'failed'; status: number; reason: string },
  ) {
    super(message);
    this.name = 'CallVerbError';
  }
}

/** Throws when `signal` has fired: a verb checks between its steps. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CallVerbError('aborted', 'the verb was cancelled');
}
