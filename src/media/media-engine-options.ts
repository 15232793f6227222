// Option, value and result types of the MediaEngine interface (src/media/media-engine.ts).
// Nothing here assumes an in-process engine: every value is plain data that could cross a wire.

import type { MediaEndpoint } from './media-engine.ts';

/** RFC 3264 §5.1 / RFC 4566 §6 direction attributes. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Codec names as they appear in SDP `a=rtpmap` (case-insensitive on input). */
export type AudioCodecName = 'PCMU' | 'PCMA';

export interface CreateEndpointOptions {
  /** Free text shown in logs and stats (e.g. the leg id); never parsed. */
  label?: string;
  /**
   * Raise `onMediaTimeout` when no RTP arrived for this long while the stream is active
   * (not on hold), and again each such period while the silence lasts. Silence counts from the
   * last SDP change at the earliest, so an unhold starts afresh. Absent: no timeout.
   */
  mediaTimeoutMs?: number;
  /**
   * The IP this leg's SIP signalling came from. RTP from it may latch as well as RTP from the
   * SDP's address: a phone behind NAT names its private address in SDP.
   */
  signallingAddress?: string;
  /**
   * Affinity key: endpoints and conferences with the same group share a worker of a multi-threaded
   * engine, so they can be bridged, recorded together and mixed without crossing threads (call
   * control passes the call id). Bridging, recording with `other`, or joining objects that ended up
   * in different workers fails with MediaError('bad-state'), never silently without audio.
   * Engines with one thread ignore it.
   */
  group?: string;
}

export interface OfferOptions {
  /** Our direction in the offer; `sendonly` is how we put the far end on hold. Default sendrecv. */
  direction?: MediaDirection;
  /** Audio codecs in preference order; default ['PCMU', 'PCMA']. telephone-event is always offered. */
  codecs?: string[];
  /** Packetisation time in ms (RFC 4566 `a=ptime`); default 20. */
  ptime?: number;
  /**
   * Offer WebRTC (a browser's leg): UDP/TLS/RTP/SAVPF with ICE-lite, DTLS-SRTP and rtcp-mux, same
   * codecs. An endpoint that once negotiated WebRTC stays so: its re-offers (hold) are WebRTC
   * without being asked. An endpoint answering a WebRTC offer becomes one by itself.
   */
  webrtc?: boolean;
}

/**
 * The SDP step that follows creating an endpoint, done with it in one request
 * (`MediaEngine.createEndpointWithSdp`): answer the far end's offer, or make ours.
 */
export type EndpointSdpStep = { kind: 'answer'; offer: string; codecs?: string[] } | ({ kind: 'offer' } & OfferOptions);

/** Chinese tone plan (GB/T 3380 / YD/T 1223 style) tones the engine can generate. */
export type ToneName = 'ringback' | 'busy' | 'congestion' | 'dial' | 'call-waiting' | 'beep';

export type PlaySource =
  /** WAV at any common rate and channel count (converted once to 8 kHz mono and cached), or raw
   *  G.711 (`.ulaw`/`.pcmu`, `.alaw`/`.pcma`). */
  | { kind: 'file'; path: string }
  /** A generated tone; plays its cadence until stopped or for `durationMs` when given. */
  | { kind: 'tone'; tone: ToneName; durationMs?: number }
  | { kind: 'silence'; ms: number }
  /** Text to speech (default synthesiser espeak-ng), cached by text+language+voice. */
  | { kind: 'text'; text: string; language?: 'zh-CN' | 'en'; voice?: string }
  /** Items one after another (e.g. "your agent number is" + digits). */
  | { kind: 'sequence'; items: PlaySource[] };

export interface PlayOptions {
  /** Start again at the end (music on hold, ringback files). */
  loop?: boolean;
  /** Barge-in: end the play at once when a DTMF digit arrives; the play resolves 'dtmf'. */
  stopOnDtmf?: boolean;
  /** Aborting ends the play; it resolves 'stopped'. */
  signal?: AbortSignal;
}

export type PlayOutcome = 'finished' | 'stopped' | 'dtmf';

export interface RecordOptions {
  /** Destination WAV path (8 kHz; G.711 µ-law or 16-bit PCM, as the engine's recordingFormat says). */
  path: string;
  /**
   * Stereo: this endpoint's received audio (the caller) on the left, `other`'s received audio
   * (the answering side) on the right, time-aligned. Absent: mono, this side only (voicemail).
   */
  other?: MediaEndpoint;
  signal?: AbortSignal;
}

export interface RecordingResult {
  path: string;
  durationMs: number;
  channels: 1 | 2;
}

/** A recording under way; `stop` finalises the file (header written) and resolves its result. */
export interface Recording {
  readonly path: string;
  stop(): Promise<RecordingResult>;
  /**
   * PCI: stops taking audio until resume(); the file's timeline goes on, so the paused span is
   * silence in it (both channels). Pausing a paused recording is a no-op.
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /**
   * The right channel of a stereo recording takes `other`'s received audio from now on (a
   * transfer's new phone); the endpoint it took before no longer ends the recording when destroyed.
   * Throws MediaError('bad-state') on a mono recording or an endpoint of another engine/worker.
   */
  switchOther(other: MediaEndpoint): Promise<void>;
}

/** Per-leg RTP statistics (RFC 3550 §6.4.1 loss and interarrival jitter) for the call record. */
export interface EndpointStats {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Cumulative packets lost as RFC 3550 A.3 counts them (expected − received). */
  lost: number;
  /** Interarrival jitter (RFC 3550 A.8) in milliseconds. */
  jitterMs: number;
  /** RTP from sources other than the latched one, dropped. */
  foreignDropped: number;
  /** The far end's address once latched from its first packets. */
  latched?: { address: string; port: number };
  /** Negotiated audio codec, once known. */
  codec?: AudioCodecName;
  /** Loss and jitter the far end reported about our stream in its RTCP RR, when any arrived. */
  remoteReport?: { fractionLost: number; cumulativeLost: number; jitterMs: number };
}

/** How a conference member takes part (supervisor listen / whisper / barge, small conferences). */
export type ConferenceRole =
  /** Hears everyone, heard by everyone (barge, ordinary conference member). */
  | 'participant'
  /** Hears everyone, heard by no one (supervisor listen). */
  | 'listener'
  /** Hears everyone, heard only by `whisperTo` (supervisor whisper to the agent). */
  | 'whisper';

export interface JoinOptions {
  role?: ConferenceRole;
  /** Required for role 'whisper': the only member that hears this one. */
  whisperTo?: MediaEndpoint;
}

export interface CreateConferenceOptions {
  label?: string;
  /** Affinity key, as CreateEndpointOptions.group: a supervisor's conference passes the call's id. */
  group?: string;
}
