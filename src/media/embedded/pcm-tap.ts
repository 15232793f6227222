// Where an endpoint hands the decoded audio it receives (the far end's voice) to consumers that
// need PCM: recorders and conferences. Relay alone never decodes.

export interface PcmMeta {
  /** Receive time on the engine's clock. */
  arrivalMs: number;
  /** RTP timestamp of the first sample and the sender's SSRC (the recorder aligns by them). */
  timestamp: number;
  ssrc: number;
}

export interface PcmTap {
  /** `pcm` is reused by the endpoint after the call returns: copy what must be kept. */
  onPcm(pcm: Int16Array, meta: PcmMeta): void;
}

export interface PcmTapHost {
  addTap(tap: PcmTap): void;
  removeTap(tap: PcmTap): void;
}
