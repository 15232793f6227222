// Event payloads of the MediaEngine interface.

export type DtmfSource = 'rfc4733' | 'info' | 'inband';

/** One digit, reported once per key press (RFC 4733 end packets counted once). */
export interface DtmfEvent {
  /** '0'-'9', '*', '#', 'A'-'D' (and 'F' for flash, event 16). */
  digit: string;
  durationMs: number;
  source: DtmfSource;
}

/** No RTP arrived for `silentMs` while the stream was active (the far end vanished). */
export interface MediaTimeoutEvent {
  silentMs: number;
}

/** The far end's RTP address was latched (RFC 3550 gives no rule; symmetric-RTP practice). */
export interface LatchedEvent {
  address: string;
  port: number;
}
