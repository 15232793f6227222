/**
 * P4/C16: an answered call is recorded, caller left, answering side right. Recording is never
 * worth dropping a connected call over: failures leave the call without a recording.
 */
import type { MediaEndpoint, Recording } from '../media/media-engine.ts';

/** Starts recording; `stillUp` is asked again once the file is open (the call may have ended). */
export async function startCallRecording(callerMedia: MediaEndpoint, calleeMedia: MediaEndpoint, path: string, stillUp: () => boolean): Promise<Recording | undefined> {
  try {
    const recording = await callerMedia.record({ path, other: calleeMedia });
    if (stillUp()) return recording;
    await recording.stop();
  } catch {
    // The record shows no recording.
  }
  return undefined;
}

/** Finalises the file; a file that failed to finalise is repaired at the next start, so its path stands. */
export async function finishCallRecording(recording: Recording | undefined): Promise<string | undefined> {
  if (!recording) return undefined;
  try {
    return (await recording.stop()).path;
  } catch {
    return recording.path;
  }
}
