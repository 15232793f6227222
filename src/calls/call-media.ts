/**
 * A call's anchored media: each leg's endpoint (grouped on one media worker), the RTP timeout
 * that ends a call whose BYE never came, published DTMF, and the call recording.
 */
import type { CreateEndpointOptions, MediaEndpoint } from '../media/media-engine.ts';
import type { Call } from './call.ts';
import { startCallRecording } from './call-recording.ts';
import { hangUpAnswered } from './call-hangup.ts';

/** One leg's endpoint: grouped with the call's other endpoints (one media worker), timed out when asked. */
export function endpointOptions(call: Call, side: 'caller' | 'callee', signallingAddress: string): CreateEndpointOptions {
  const opts: CreateEndpointOptions = { label: `${call.id}:${side}`, group: call.id, signallingAddress };
  if (call.deps.mediaTimeoutMs) opts.mediaTimeoutMs = call.deps.mediaTimeoutMs;
  return opts;
}

/**
 * Silence before the answer is normal (carriers send no RTP while it rings); once answered, the
 * caller's or the answering phone's silence means the call is gone without a BYE. Only silence
 * a whole timeout after the answer counts (a caller's RTP starts a moment after our 200 OK);
 * the engine repeats the event while the silence lasts, so a leg that never sent is caught too.
 */
export function watchMedia(call: Call, media: MediaEndpoint): void {
  const timeoutMs = call.deps.mediaTimeoutMs;
  if (!timeoutMs) return;
  media.onMediaTimeout.on(() => {
    if (call.state !== 'answered' || (media !== call.caller?.media && media !== call.callee?.media)) return;
    if (!call.answeredAt || call.deps.clock.wallNow() - call.answeredAt.getTime() < timeoutMs) return;
    void hangUpAnswered(call, 'RTP timeout');
  });
}

/** Digits once the call is answered; those of the pre-dial flow (passwords, menus) are never published. */
export function watchDtmf(call: Call, media: MediaEndpoint, legId: string): void {
  if (!call.report.enabled) return;
  media.onDtmf.on((d) => {
    if (call.state === 'answered') call.report.dtmf(legId, d);
  });
}

export async function startRecording(call: Call, callerMedia: MediaEndpoint, calleeMedia: MediaEndpoint): Promise<void> {
  const path = call.deps.recordingPath?.(call);
  if (!path || call.state !== 'answered') return;
  call.recording = await startCallRecording(callerMedia, calleeMedia, path, () => call.state === 'answered');
  if (call.recording) call.report.recording('recording.started');
}
