/**
 * Hold and unhold, verbs of an answered call: the held leg is re-INVITEd sendonly and hears music,
 * the other side silence; unhold re-INVITEs it sendrecv and bridges it back.
 */
import type { PlaySource } from '../media/media-engine.ts';
import type { Call } from './call.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { DEFAULT_HOLD_MUSIC } from './hold-music.ts';

export async function holdLeg(call: Call, ref: LegRef, opts: VerbOptions & { music?: PlaySource } = {}): Promise<void> {
  const leg = call.legByRef(ref);
  if (call.state !== 'answered') throw new CallVerbError('bad-state', `cannot hold a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  if (!call.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
  try {
    await call.reoffer(leg, 'sendonly');
    if (!call.step('hold')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
    const music = new AbortController();
    call.held = { leg, music };
    call.report.legHeld(leg.id, true);
    await leg.media.disconnect();
    void leg.media.play(opts.music ?? DEFAULT_HOLD_MUSIC, { loop: true, signal: music.signal }).catch((err: unknown) => call.deps.onError?.(err));
  } finally {
    call.endOfferAnswer();
  }
}

export async function unholdLeg(call: Call, opts: VerbOptions = {}): Promise<void> {
  const held = call.held;
  if (call.state !== 'held' || !held) throw new CallVerbError('bad-state', `cannot unhold a call that is ${call.state}`);
  const other = call.otherLegOf(held.leg.sip);
  throwIfAborted(opts.signal);
  if (!call.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
  try {
    await call.reoffer(held.leg, 'sendrecv');
    if (!call.is('held') || !call.step('unhold')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
    held.music.abort();
    call.held = undefined;
    call.report.legHeld(held.leg.id, false);
    if (other) await held.leg.media.connect(other.media);
  } finally {
    call.endOfferAnswer();
  }
}
