/**
 * Blind transfer, a verb of an answered call (the API's and a phone's REFER): the caller hears
 * ringback while the destination rings through a one-target dial step; the tenant's transfer
 * policy decides where a transfer may go (no toll fraud through transfer).
 */
import type { Call, CallLeg } from './call.ts';
import type { DialTarget } from './call-router.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { Dial } from './dial.ts';
import { q850Reason } from './q850.ts';

/**
 * The leg `ref` (the caller) stays and hears ringback while `destination` rings; when it answers,
 * the two are bridged and the phone that had the caller leaves (BYE). When it does not, the caller
 * is bridged back to that phone (if it is still there) and the verb fails with `refused`.
 * `onAnswered` runs once the new phone is bridged, before the old one is hung up (a REFER's final
 * NOTIFY goes then).
 */
export async function blindTransfer(call: Call, ref: LegRef, destination: string | DialTarget, opts: VerbOptions & { onAnswered?: () => void } = {}): Promise<void> {
  const keep = call.legByRef(ref);
  const away = call.callee;
  if (keep !== call.caller || !away) throw new CallVerbError('bad-state', 'only the caller of a 400-number call can be transferred');
  if (call.state !== 'answered') throw new CallVerbError('bad-state', `cannot transfer a call that is ${call.state}`);
  const target = typeof destination === 'string' ? await transferTarget(call, destination) : destination;
  throwIfAborted(opts.signal);
  if (!call.step('transfer')) throw new CallVerbError('bad-state', `the call became ${call.state}`);
  const ringback = new AbortController();
  const signal = opts.signal ? AbortSignal.any([call.lifetime.signal, opts.signal]) : call.lifetime.signal;
  await keep.media.disconnect();
  void keep.media.play({ kind: 'tone', tone: 'ringback' }, { loop: true, signal: ringback.signal }).catch((err: unknown) => call.deps.onError?.(err));
  const dial = new Dial(call, { targets: [target], strategy: 'sequential', ringTimeoutMs: call.plan.ringTimeoutMs, callerNumber: call.callerNumber, maxForwards: 70 });
  const result = await dial.run(signal);
  ringback.abort();
  call.attemptLog.push(...dial.log);
  if (!call.is('transferring')) {
    if (result.kind === 'answered') call.dropAnswered(result.attempt);
    throw new CallVerbError('aborted', 'the call ended during the transfer');
  }
  if (result.kind !== 'answered') {
    await transferFailed(call, keep, away);
    throw new CallVerbError(result.kind === 'aborted' ? 'aborted' : 'refused', result.kind === 'failed' ? `${result.final.status} ${result.final.reason}` : 'the transfer was cancelled');
  }
  const { attempt, res } = result;
  try {
    await attempt.media.setRemoteAnswer(res.body.toString('utf8'));
    await keep.media.connect(attempt.media);
  } catch {
    call.dropAnswered(attempt);
    await transferFailed(call, keep, away);
    throw new CallVerbError('refused', 'the new phone answered with SDP we cannot use');
  }
  call.callee = call.addLeg({ id: attempt.leg.id, sip: attempt.leg, media: attempt.media, offered: 'sendrecv', target: attempt.target });
  call.departLeg(away);
  // The recording's answering side (right channel) is the new phone from now on.
  if (call.recording) await call.recording.switchOther(attempt.media).catch((err: unknown) => call.deps.onError?.(err));
  call.step('transfer-done');
  call.report.legProgressed(attempt.leg.id, 'answered');
  call.report.bridged([keep.id, attempt.leg.id], 'transferring', 'answered');
  call.report.transferred(keep.id, attempt.target.kind === 'pstn' ? { kind: 'pstn', number: attempt.target.number } : { kind: 'sip', username: attempt.target.username }, 'blind');
  opts.onAnswered?.();
  away.sip.hangup(q850Reason(16));
  call.report.legEnded(away.id, 'hangup', null);
  // The caller may still be on the hold the old phone asked for (passed through): take it off.
  if (keep.offered !== 'sendrecv') await call.reoffer(keep, 'sendrecv').catch((err: unknown) => call.deps.onError?.(err));
}

/** The transfer target failed: the caller goes back to the phone that had them, when it is still up. */
async function transferFailed(call: Call, keep: CallLeg, away: CallLeg): Promise<void> {
  if (call.state !== 'transferring') return;
  call.step('transfer-done');
  if (away.sip.state === 'ended') {
    // The transferor hung up meanwhile (a blind transfer): nobody is left to talk to.
    return call.hangUpAnswered('transfer failed');
  }
  await keep.media.connect(away.media).catch((err: unknown) => call.deps.onError?.(err));
}

/** Where `destination` rings if the tenant's transfer policy allows it; CallVerbError('forbidden') otherwise. */
export async function transferTarget(call: Call, destination: string): Promise<DialTarget> {
  const targets = call.deps.transferTargets;
  const r = targets ? await targets.resolve(call.tenantId, destination) : { kind: 'refused' as const, reason: 'transfers are not enabled' };
  if (r.kind === 'refused') throw new CallVerbError('forbidden', r.reason);
  return r.target;
}
