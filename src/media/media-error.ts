// Errors the media engine throws: a code call control can branch on, and a message for logs.

export type MediaErrorCode =
  /** The SDP text could not be parsed. */
  | 'sdp-invalid'
  /** An offer had no audio stream we can accept (no common codec): answer 488. */
  | 'no-common-codec'
  /** No free RTP port pair in the configured range: answer 503. */
  | 'ports-exhausted'
  /** A call on an endpoint in the wrong state (e.g. setRemoteAnswer without an offer). */
  | 'bad-state'
  /** An argument the engine cannot use (a DTMF "digit" that is not one, a role without its target). */
  | 'bad-argument'
  /** The endpoint or engine was destroyed/closed. */
  | 'destroyed'
  /** A play or record file could not be read or written. */
  | 'file'
  /** Anything the engine's backend (socket, daemon) reported. */
  | 'backend';

export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}
