// What every endpoint and conference of one embedded engine shares.

import type { FrameClock } from './frame-clock.ts';
import type { Synthesizer } from '../tts/synthesizer.ts';
import type { WavCache } from '../wav/wav-cache.ts';
import type { RecordingFormat } from '../wav/wav-header.ts';
import type { Clock } from '../../kernel/clock.ts';

export interface EngineContext {
  /** Address written into our SDP (c=, o=). */
  advertiseAddress: string;
  /** Timers, monotonic time, and wall time for RTCP NTP timestamps. */
  clock: Clock;
  frameClock: FrameClock;
  /** Prompt files, converted once and shared by every play. */
  files: WavCache;
  synthesizer?: Synthesizer;
  /** RTCP SDES CNAME (RFC 3550 §6.5.1). */
  cname: string;
  /** How recordings are stored (HOTLINE_RECORDING_FORMAT). */
  recordingFormat: RecordingFormat;
}
