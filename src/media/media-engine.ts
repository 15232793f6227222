// The MediaEngine interface: what call control (src/calls, src/flows, src/acd) asks of media.
// Implementations: the embedded TypeScript engine (src/media/embedded, the default) and, later,
// rtpengine over its ng protocol. So every call is async and every result is plain data; nothing
// here may assume the engine runs in this process (no Buffers of audio, no sockets, no callbacks
// that must answer synchronously). src/media is a leaf: it knows nothing of SIP messages or tenants.
//
// The B2BUA flow:
//   caller's offer  → A = createEndpoint(); answer = await A.setRemoteOffer(offer) → to the caller
//   offer to callee → B = createEndpoint(); offer = await B.createOffer()
//   (each pair in one request: createEndpointWithSdp({ kind: 'answer', offer }) / ({ kind: 'offer' }))
//   callee's answer → await B.setRemoteAnswer(answer); await A.connect(B)
// Hold by re-INVITE from the caller (a=sendonly or c=0.0.0.0): A.setRemoteOffer(reOffer) answers
// recvonly; pass it on with B.createOffer({ direction: 'sendonly' }) and B.setRemoteAnswer(...).

import type {
  CreateConferenceOptions,
  CreateEndpointOptions,
  EndpointSdpStep,
  EndpointStats,
  JoinOptions,
  OfferOptions,
  PlayOptions,
  PlayOutcome,
  PlaySource,
  RecordOptions,
  Recording,
} from './media-engine-options.ts';
import type { DtmfEvent, LatchedEvent, MediaTimeoutEvent } from './media-engine-events.ts';
import type { TypedEvent } from '../kernel/typed-event.ts';

export type * from './media-engine-options.ts';
export type * from './media-engine-events.ts';
export type { TypedEvent, Listener } from '../kernel/typed-event.ts';

export interface MediaEngine {
  /** Allocates an RTP/RTCP port pair for one leg. Throws MediaError('ports-exhausted'). */
  createEndpoint(opts?: CreateEndpointOptions): Promise<MediaEndpoint>;
  /**
   * createEndpoint, then setRemoteOffer (`answer`) or createOffer (`offer`), as one request: an
   * engine in another thread or process is asked once per leg, not twice (rtpengine's ng `offer`
   * is the same one step). Resolves the endpoint and the SDP to send; when the step fails the
   * endpoint is destroyed again and the error is the step's.
   */
  createEndpointWithSdp(step: EndpointSdpStep, opts?: CreateEndpointOptions): Promise<{ endpoint: MediaEndpoint; sdp: string }>;
  /** A mixing room for supervisor listen/whisper/barge and small conferences. */
  createConference(opts?: CreateConferenceOptions): Promise<MediaConference>;
  /** Destroys every endpoint and conference and releases all ports. */
  close(): Promise<void>;
}

export interface MediaEndpoint {
  readonly id: string;
  readonly label: string;

  /**
   * RFC 3264 offer. Our c=/m= carry the engine's advertised address and this endpoint's port.
   * Also used for re-offers (hold: direction 'sendonly'; unhold: 'sendrecv').
   */
  createOffer(opts?: OfferOptions): Promise<string>;
  /** RFC 3264 answer to our last offer. Throws MediaError('no-common-codec' | 'sdp-invalid' | 'bad-state'). */
  setRemoteAnswer(sdp: string): Promise<void>;
  /**
   * RFC 3264 offer from the far end (initial or re-INVITE); resolves our answer. Hold
   * (a=sendonly or c=0.0.0.0) is answered recvonly, a=inactive inactive; unsupported streams are
   * rejected with port 0. Throws MediaError('no-common-codec') when no audio stream is usable (488).
   */
  setRemoteOffer(sdp: string, opts?: { codecs?: string[] }): Promise<string>;

  /**
   * Bridge both ways: what each side sends, the other hears (relay; PCMU↔PCMA transcoding when
   * the two legs negotiated different codecs; telephone-event passed through). Ends any play on
   * either side and any previous bridge or conference membership of either side.
   */
  connect(other: MediaEndpoint): Promise<void>;
  /** Ends this endpoint's bridge (both directions); the other side hears silence. */
  disconnect(): Promise<void>;

  /**
   * Plays to the far end (what it hears while playing replaces what a bridge would give it).
   * A new play ends the previous one ('stopped').
   */
  play(source: PlaySource, opts?: PlayOptions): Promise<PlayOutcome>;
  stopPlay(): Promise<void>;

  /** Starts recording; see RecordOptions for mono/stereo. */
  record(opts: RecordOptions): Promise<Recording>;

  /** Sends one digit as RFC 4733 telephone-event (in-band tones when the far end has no PT). */
  sendDtmf(digit: string, durationMs?: number): Promise<void>;
  /** SIP INFO digits (application/dtmf-relay, application/dtmf) reach the engine through call control. */
  injectDtmf(digit: string, durationMs: number, source: 'info'): void;

  /** Digits received from the far end, once per key press, whatever the transport. */
  readonly onDtmf: TypedEvent<DtmfEvent>;
  readonly onMediaTimeout: TypedEvent<MediaTimeoutEvent>;
  readonly onLatched: TypedEvent<LatchedEvent>;

  stats(): Promise<EndpointStats>;
  /** Stops plays/recordings (finalised), leaves bridges and conferences, releases the ports. */
  destroy(): Promise<void>;
}

export interface MediaConference {
  readonly id: string;
  /** Adds an endpoint (leaving any bridge it was in). Default role 'participant'. */
  join(endpoint: MediaEndpoint, opts?: JoinOptions): Promise<void>;
  /** Changes a member's role: listen → whisper → barge without a gap in audio. */
  setRole(endpoint: MediaEndpoint, opts: JoinOptions): Promise<void>;
  leave(endpoint: MediaEndpoint): Promise<void>;
  readonly members: readonly string[];
  destroy(): Promise<void>;
}
