// Options of the embedded TypeScript media engine.

import type { CreateConferenceOptions, CreateEndpointOptions, PlayOptions, RecordOptions } from '../media-engine-options.ts';
import type { NativeIoSetting } from '../native/open-datagram-io.ts';
import type { PortAllocator } from '../ports/port-allocator.ts';
import type { Synthesizer } from '../tts/synthesizer.ts';
import type { WavCache } from '../wav/wav-cache.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';
import type { Clock } from '../../kernel/clock.ts';

export interface EmbeddedEngineOptions {
  /** Address the RTP sockets bind to (e.g. HOTLINE_SIP_ADDRESS, or 127.0.0.1 in tests). */
  bindAddress: string;
  /** Address written into SDP; default bindAddress (must not be 0.0.0.0 then). */
  advertiseAddress?: string;
  /** HOTLINE_RTP_PORTS-style range or a shared allocator. Default "20000-29999". */
  ports?: string | PortAllocator;
  /** Timers, monotonic time (pacing, timeouts) and wall time (RTCP NTP timestamps); default the system clock. */
  clock?: Clock;
  /** Prompt cache; default a new 64 MiB cache. */
  wavCache?: WavCache;
  /** Text to speech for PlaySource kind 'text'; without one such plays fail with MediaError('file'). */
  synthesizer?: Synthesizer;
  /** RTCP report interval; default 5000 ms (RFC 3550 §6.2 minimum). */
  rtcpIntervalMs?: number;
  /** RTP socket I/O (HOTLINE_MEDIA_NATIVE_IO): `auto` (default) the native addon when built, else node:dgram; `on`; `off`. */
  nativeIo?: NativeIoSetting;
  /** Where the engine says which socket I/O it fell back to, and why. Default stderr. */
  log?: (line: string) => void;
  /** How recordings are stored (HOTLINE_RECORDING_FORMAT): G.711 µ-law or 16-bit PCM WAV. Default 'ulaw'. */
  recordingFormat?: RecordingFormat;
}

/** createEndpoint options only this engine understands. */
export interface EmbeddedEndpointOptions extends CreateEndpointOptions {
  /**
   * Re-creates an endpoint that lived in a media worker that crashed: the same id (call control
   * holds it) on the same RTP port pair (where the peers keep sending), which must be free in this
   * engine's range; without a port (it never produced SDP, so nobody sends to it) on any free pair.
   */
  restore?: { id: string; port?: number };
}

/** createConference options only this engine understands. */
export interface EmbeddedConferenceOptions extends CreateConferenceOptions {
  /** Re-creates a conference that lived in a media worker that crashed, with the same id. */
  restore?: { id: string };
}

/** record options only this engine understands. */
export interface EmbeddedRecordOptions extends RecordOptions {
  /** Records on into an existing recording after this much silence (CallRecorderOptions.resume). */
  resume?: { silenceMs: number };
}

/** play options only this engine understands. */
export interface EmbeddedPlayOptions extends PlayOptions {
  /**
   * Goes on with a play a media worker's crash cut short: starts this far into the source (whole
   * 20 ms frames). A source shorter than that ends at once, 'finished'.
   */
  resume?: { fromMs: number };
  /** Called once the play's frames begin to go out (after its file or speech is loaded). */
  onStarted?: () => void;
}
