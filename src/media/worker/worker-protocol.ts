// The messages between the WorkerMediaEngine (main thread) and one media worker thread. Requests
// carry an id and get exactly one reply; events and membership changes flow the other way
// unasked. Everything here is plain structured-clone data: endpoints, conferences, plays and
// recordings are named by string handles, errors by code and message.

import type { DtmfEvent, LatchedEvent, MediaTimeoutEvent } from '../media-engine-events.ts';
import type { ConferenceRole, EndpointSdpStep, MediaDirection, PlaySource } from '../media-engine-options.ts';
import type { MediaErrorCode } from '../media-error.ts';
import type { NativeIoSetting } from '../native/open-datagram-io.ts';
import type { EspeakSynthesizerOptions } from '../tts/espeak-synthesizer.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';

/** What a worker is started with (its `workerData`). */
export interface WorkerInit {
  /** file: URL of the worker entry module (the bootstrap imports it after registering tsx). */
  entry: string;
  index: number;
  bindAddress: string;
  advertiseAddress?: string;
  /** This worker's own slice of the RTP port range, "min-max". */
  ports: string;
  rtcpIntervalMs?: number;
  nativeIo?: NativeIoSetting;
  synthesizer?: SynthesizerSpec;
  recordingFormat?: RecordingFormat;
}

/**
 * What a spare thread is started with: it loads everything, says `spare-ready`, and waits for an
 * AdoptNotice naming the slice it takes over (a crashed worker's), so a replacement is ready at
 * once instead of after a thread's start-up.
 */
export interface SpareInit {
  entry: string;
  spare: true;
}

/** Makes a spare thread the worker `init` describes. */
export interface AdoptNotice {
  kind: 'adopt';
  init: WorkerInit;
}

/** A synthesiser the worker constructs itself (an object with methods cannot cross threads). */
export type SynthesizerSpec = { kind: 'espeak' } & EspeakSynthesizerOptions;

export type EndpointCall =
  | { method: 'createOffer'; direction?: MediaDirection; codecs?: string[]; ptime?: number }
  | { method: 'setRemoteAnswer'; sdp: string }
  | { method: 'setRemoteOffer'; sdp: string; codecs?: string[] }
  | { method: 'connect'; other: string }
  | { method: 'disconnect' }
  /**
   * `token` names the AbortController the worker makes for this play (see AbortNotice) and its
   * `play-started` event; `resume` goes on with a play a crashed worker cut short.
   */
  | { method: 'play'; source: PlaySource; loop?: boolean; stopOnDtmf?: boolean; token: string; resume?: { fromMs: number } }
  | { method: 'stopPlay' }
  /** `token` names both the recording and its AbortController. */
  | { method: 'record'; path: string; other?: string; token: string; resume?: { silenceMs: number } }
  | { method: 'sendDtmf'; digit: string; durationMs?: number }
  | { method: 'injectDtmf'; digit: string; durationMs: number; source: 'info' }
  | { method: 'stats' }
  | { method: 'destroy' };

export interface WireJoin {
  role?: ConferenceRole;
  whisperTo?: string;
}

export type ConferenceCall =
  | { method: 'join'; endpoint: string; opts: WireJoin }
  | { method: 'setRole'; endpoint: string; opts: WireJoin }
  | { method: 'leave'; endpoint: string }
  | { method: 'destroy' };

export type WorkerRequest =
  /** Resolves { id, label }, with `sdp` when a `step` was asked for (createEndpointWithSdp). */
  | { op: 'createEndpoint'; label?: string; mediaTimeoutMs?: number; signallingAddress?: string; step?: EndpointSdpStep; restore?: { id: string; port?: number } }
  | { op: 'createConference'; label?: string; restore?: { id: string } }
  | { op: 'endpoint'; endpoint: string; call: EndpointCall }
  | { op: 'conference'; conference: string; call: ConferenceCall }
  | { op: 'stopRecording'; recording: string }
  /** Recording.pause/resume, or switchOther: the right channel now taps endpoint `other`. */
  | { op: 'recording'; recording: string; action: 'pause' | 'resume' }
  | { op: 'recording'; recording: string; action: 'switch-other'; other: string }
  /** Resolves WorkerDiagnostics; `reset` starts a new event-loop delay window. */
  | { op: 'diagnostics'; reset?: boolean }
  | { op: 'close' };

/** Aborts the play or recording whose request carried `token` (an AbortSignal fired in main). */
export interface AbortNotice {
  kind: 'abort';
  token: string;
}

export type ToWorker = { kind: 'request'; id: number; request: WorkerRequest } | AbortNotice | AdoptNotice;

/** An error as it crosses the thread: MediaError keeps its code. */
export interface WireError {
  name: string;
  message: string;
  code?: MediaErrorCode;
}

export type WireEndpointEvent =
  | { type: 'dtmf'; event: DtmfEvent }
  | { type: 'media-timeout'; event: MediaTimeoutEvent }
  | { type: 'latched'; event: LatchedEvent }
  /** The play `token` names has begun to send (main times it, to go on from there after a crash). */
  | { type: 'play-started'; token: string };

export type FromWorker =
  | { kind: 'ready' }
  /** A spare thread has loaded and waits for an AdoptNotice. */
  | { kind: 'spare-ready' }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: WireError }
  | { kind: 'event'; endpoint: string; event: WireEndpointEvent }
  /** A conference's member list changed (join, leave, a member destroyed or bridged away). */
  | { kind: 'members'; conference: string; members: string[] };
