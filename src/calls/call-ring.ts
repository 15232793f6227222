/**
 * Ringing phones as new outbound legs of a call: `ring` (one target, for any driver: an ACD offer,
 * an IVR's transfer) and `dialStep` (routing's "ring these phones": the dial step with its
 * strategy, forwarding stages and voicemail). An answered leg joins the call unbridged.
 */
import type { SipResponse } from '../sip/message/message.ts';
import type { Call } from './call.ts';
import type { DialTarget } from './call-router.ts';
import type { RingOptions } from './call-driver.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { Dial } from './dial.ts';
import type { DialAttempt, DialPlanSpec } from './dial.ts';
import type { CallerFinal } from './call-outcome.ts';

export type DialStepResult =
  | { kind: 'answered'; legId: string }
  | { kind: 'failed'; final: CallerFinal }
  | { kind: 'voicemail'; final: CallerFinal }
  | { kind: 'aborted' };

export async function ringTarget(call: Call, target: DialTarget, opts: RingOptions = {}): Promise<string> {
  if (call.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
  throwIfAborted(opts.signal);
  const dial = new Dial(call, {
    targets: [target],
    strategy: 'sequential',
    ringTimeoutMs: opts.ringTimeoutMs ?? call.plan.ringTimeoutMs,
    callerNumber: opts.callerNumber ?? call.callerNumber,
    ...(opts.pstnCallerId ? { pstnCallerId: opts.pstnCallerId } : {}),
    ...(opts.tag ? { tag: opts.tag } : {}),
    maxForwards: 70,
  });
  const result = await dial.run(call.verbSignal(opts.signal));
  call.attemptLog.push(...dial.log);
  if (result.kind === 'answered') {
    if (call.is('ended')) {
      call.dropAnswered(result.attempt);
      throw new CallVerbError('aborted', 'the call ended');
    }
    return acceptAnswered(call, result.attempt, result.res, false);
  }
  if (result.kind === 'aborted') throw new CallVerbError('aborted', call.is('ended') ? 'the call ended' : 'the verb was cancelled');
  throw new CallVerbError('refused', `${result.final.status} ${result.final.reason}`, result.final);
}

/** Routing's dial step: the caller hears the phones ring (DialHost.ringing) while the call is `dialing`. */
export async function dialStep(call: Call, spec: DialPlanSpec): Promise<DialStepResult> {
  if (!call.step('dial')) return { kind: 'aborted' };
  call.dial = new Dial(call, spec);
  const r = await call.dial.run(call.lifetime.signal);
  if (r.kind !== 'answered') return r;
  if (call.state !== 'dialing') {
    call.dropAnswered(r.attempt);
    return { kind: 'aborted' };
  }
  const heardEarly = call.earlyMedia === r.attempt.media;
  call.earlyMedia = undefined;
  return { kind: 'answered', legId: await acceptAnswered(call, r.attempt, r.res, heardEarly) };
}

/**
 * The answered phone's leg joins the call; its SDP answer completes its media (already applied
 * when the caller heard its early media). An answer we cannot use hangs it up: `refused`.
 */
async function acceptAnswered(call: Call, a: DialAttempt, res: SipResponse, heardEarly: boolean): Promise<string> {
  const leg = call.addLeg({ id: a.leg.id, sip: a.leg, media: a.media, offered: 'sendrecv', target: a.target });
  call.report.legProgressed(a.leg.id, 'answered');
  try {
    if (!heardEarly) await a.media.setRemoteAnswer(res.body.toString('utf8'));
    else await a.media.setRemoteAnswer(res.body.toString('utf8')).catch(() => undefined);
  } catch {
    call.removeLeg(leg, 'failed');
    a.leg.hangup();
    throw new CallVerbError('refused', '488 callee SDP not usable');
  }
  return leg.id;
}
