/**
 * Bridge two legs of a call, cut the bridge, hang up one leg. The first bridge is the call's
 * answer for the record (answeredAt, the answering number) and starts its recording.
 */
import type { Call, CallLeg } from './call.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { legIsRinging } from './leg-state.ts';
import { OutboundLeg } from './outbound-leg.ts';
import { startRecording } from './call-media.ts';
import { stopMusic } from './call-park.ts';
import type { Q850Cause } from './q850.ts';
import { q850Reason } from './q850.ts';
import { hangUpVerb } from './call-hangup.ts';
import type { BridgeOptions } from './call-driver.ts';

export async function bridgeLegs(call: Call, aRef: LegRef, bRef: LegRef, opts: BridgeOptions = {}): Promise<void> {
  const a = call.legByRef(aRef);
  const b = call.legByRef(bRef);
  if (a === b) throw new CallVerbError('bad-state', 'a leg cannot be bridged to itself');
  if (!(b.sip instanceof OutboundLeg)) throw new CallVerbError('bad-state', 'the second leg must be one the call rang');
  if (call.callee) throw new CallVerbError('bad-state', 'the call bridges two legs already');
  if (call.state !== 'setup' && call.state !== 'dialing') throw new CallVerbError('bad-state', `cannot bridge in a call that is ${call.state}`);
  if (call.caller && a !== call.caller) throw new CallVerbError('bad-state', "the first leg must be the caller's");
  throwIfAborted(opts.signal);
  const callee = b as CallLeg & { readonly sip: OutboundLeg };
  const previous = call.state;
  stopMusic(a);
  stopMusic(b);
  try {
    await a.media.connect(b.media);
  } catch {
    throw new CallVerbError('refused', '488 the legs cannot be bridged (media)');
  }
  if (!call.step('answer')) throw new CallVerbError('aborted', `the call became ${call.state}`);
  call.caller = a;
  call.callee = callee;
  if (opts.keepCaller) call.afterCalleeLeaves = 'keep-caller';
  const first = call.answeredAt === undefined;
  const answeredAt = (call.answeredAt ??= call.now());
  const inbound = call.inbound;
  if (inbound && a.sip === inbound && legIsRinging(inbound.state)) inbound.answer(call.callerAnswerSdp);
  call.report.legProgressed(a.id, 'answered');
  // The first bridge is the record's answer (its durable subscriber writes it at once).
  const answer = first ? { answeredAt, answeringNumber: callee.sip.spec.answeringNumber, answeringKind: callee.target?.kind ?? 'sip', attempts: call.attempts() } : undefined;
  call.report.bridged([a.id, b.id], previous, 'answered', answer);
  if (!first) {
    // A caller bridged again (handed to a queue, then answered there): the recording's right channel follows.
    if (call.recording) await call.recording.switchOther(b.media).catch((err: unknown) => call.deps.onError?.(err));
    return;
  }
  await startRecording(call, a.media, b.media);
}

export async function unbridgeLegs(call: Call, opts: VerbOptions = {}): Promise<void> {
  if (call.state !== 'answered' || !call.caller || !call.callee) throw new CallVerbError('bad-state', `cannot unbridge a call that is ${call.state}`);
  throwIfAborted(opts.signal);
  const { caller } = call;
  call.callee = undefined;
  call.step('unbridge');
  await caller.media.disconnect();
}

export async function hangUpOneLeg(call: Call, ref: LegRef, opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
  const leg = call.legByRef(ref);
  throwIfAborted(opts.signal);
  if (leg === call.caller) return hangUpVerb(call, opts);
  if (leg === call.callee) {
    call.callee = undefined;
    call.step('unbridge');
    await call.caller?.media.disconnect();
  }
  leg.sip.hangup(q850Reason(opts.cause ?? 16));
  call.removeLeg(leg, 'hangup');
}
