// Options of the worker-thread media engine (src/media/worker/worker-media-engine.ts).

import type { RecordingFormat } from '../wav/wav-header.ts';
import type { NativeIoSetting } from '../native/open-datagram-io.ts';
import type { SynthesizerSpec } from './worker-protocol.ts';

export interface WorkerEngineOptions {
  /** Worker threads to start (≥ 1, at most one per port pair); each runs an embedded engine on its own slice of `ports`. */
  workers: number;
  /** Address the RTP sockets bind to. */
  bindAddress: string;
  /** Address written into SDP; default bindAddress (must not be 0.0.0.0 then). */
  advertiseAddress?: string;
  /** HOTLINE_RTP_PORTS-style range, split into one disjoint slice per worker. Default "20000-29999". */
  ports?: string;
  /** RTCP report interval; default 5000 ms. */
  rtcpIntervalMs?: number;
  /** RTP socket I/O in every worker (HOTLINE_MEDIA_NATIVE_IO); default `auto`. */
  nativeIo?: NativeIoSetting;
  /** How recordings are stored (HOTLINE_RECORDING_FORMAT). Default 'ulaw'. */
  recordingFormat?: RecordingFormat;
  /** Text to speech the workers construct; none (text plays fail with MediaError('file')) when absent. */
  synthesizer?: SynthesizerSpec;
  /**
   * Keep one spare thread started and loaded, so a crashed worker's replacement serves its calls
   * in milliseconds instead of after a thread's start-up (≈ 350 ms here). Default true.
   */
  spare?: boolean;
  /** Where a worker's crash or exit is reported. Default stderr. */
  log?: (line: string) => void;
}
