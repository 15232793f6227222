/** Park: a leg out of any bridge, hearing music until it is unparked or bridged again. */
import type { PlaySource } from '../media/media-engine.ts';
import type { Call, CallLeg } from './call.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { DEFAULT_HOLD_MUSIC } from './hold-music.ts';

export async function parkLeg(call: Call, ref: LegRef, opts: VerbOptions & { music?: PlaySource } = {}): Promise<void> {
  const leg = call.legByRef(ref);
  if (call.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
  if (call.callee && (leg === call.caller || leg === call.callee)) throw new CallVerbError('bad-state', 'the leg is bridged: unbridge it first');
  throwIfAborted(opts.signal);
  stopMusic(leg);
  const music = new AbortController();
  leg.parked = music;
  await leg.media.disconnect();
  const signal = AbortSignal.any([music.signal, call.lifetime.signal]);
  // The music file may still be opening when the leg is bridged or the call ends (its endpoint
  // destroyed): a play that fails after it was stopped is no failure.
  leg.media.play(opts.music ?? DEFAULT_HOLD_MUSIC, { loop: true, signal }).catch((err: unknown) => {
    if (!signal.aborted) call.deps.onError?.(err);
  });
}

export async function unparkLeg(call: Call, ref: LegRef, opts: VerbOptions = {}): Promise<void> {
  const leg = call.legByRef(ref);
  throwIfAborted(opts.signal);
  if (!leg.parked) throw new CallVerbError('bad-state', 'the leg is not parked');
  stopMusic(leg);
  await leg.media.stopPlay();
}

/** Ends a leg's park music (a bridge does it too). */
export function stopMusic(leg: CallLeg): void {
  leg.parked?.abort();
  leg.parked = undefined;
}
