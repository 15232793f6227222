/**
 * Record pause and resume (PCI: while a caller reads out a card number, nothing of it may reach
 * the file). The recording keeps its timeline, so the paused span is silence in the WAV; the call
 * keeps each pause's span, and the call record has them (mediaStats.recordingPauses).
 */
import type { Call } from './call.ts';
import type { VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';

/** One pause of the call's recording; `to` absent while it lasts. */
export interface RecordingPause {
  from: Date;
  to?: Date;
}

function pausedNow(call: Call): RecordingPause | undefined {
  const last = call.recordingPauses.at(-1);
  return last && !last.to ? last : undefined;
}

export async function pauseRecording(call: Call, opts: VerbOptions = {}): Promise<void> {
  const recording = call.recording;
  if (!recording || call.state === 'ended') throw new CallVerbError('bad-state', 'the call is not being recorded');
  if (pausedNow(call)) throw new CallVerbError('bad-state', 'the recording is already paused');
  throwIfAborted(opts.signal);
  const pause: RecordingPause = { from: call.now() };
  call.recordingPauses.push(pause);
  try {
    await recording.pause();
  } catch (err) {
    call.recordingPauses.pop();
    throw new CallVerbError('refused', `the recording could not be paused: ${(err as Error).message}`);
  }
  call.report.recording('recording.paused');
}

export async function resumeRecording(call: Call, opts: VerbOptions = {}): Promise<void> {
  const recording = call.recording;
  const pause = pausedNow(call);
  if (!recording || !pause || call.state === 'ended') throw new CallVerbError('bad-state', 'the recording is not paused');
  throwIfAborted(opts.signal);
  await recording.resume();
  pause.to = call.now();
  call.report.recording('recording.resumed');
}

/** The pauses as the call record keeps them (an open one ends with the call). */
export function recordedPauses(pauses: readonly RecordingPause[], endedAt: Date): { from: string; to: string }[] {
  return pauses.map((p) => ({ from: p.from.toISOString(), to: (p.to ?? endedAt).toISOString() }));
}
