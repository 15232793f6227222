/**
 * One more phone for an answered call — the phone a consult rings, a three-way's third party, a
 * supervisor stepping in: a one-target dial step, its answer applied to the leg's media. The
 * attempts go in the call record with the transfers'. Where the phone may be is the tenant's
 * transfer policy (call-transfer.ts: transferTarget), checked by the verb before it rings.
 */
import type { Call, CallLeg } from './call.ts';
import type { DialTarget } from './call-router.ts';
import type { LegParty } from './call-events.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { CallVerbError } from './call-verb-error.ts';
import { Dial } from './dial.ts';

/** An answered outbound leg of the call, with who is on it. */
export interface PartyLeg extends CallLeg {
  readonly sip: OutboundLeg;
  readonly party: LegParty;
}

export function partyOf(target: DialTarget): LegParty {
  return target.kind === 'pstn' ? { kind: 'pstn', number: target.number } : { kind: 'sip', username: target.username };
}

/**
 * Rings `target` until it answers (resolves its leg, media ready to bridge or mix) or not
 * (CallVerbError `refused` with the SIP status, or `aborted` when `signal` fired).
 */
export async function ringThirdParty(call: Call, target: DialTarget, signal: AbortSignal): Promise<PartyLeg> {
  const dial = new Dial(call, { targets: [target], strategy: 'sequential', ringTimeoutMs: call.plan.ringTimeoutMs, callerNumber: call.callerNumber, maxForwards: 70 });
  const result = await dial.run(signal);
  call.attemptLog.push(...dial.log);
  if (result.kind === 'aborted') throw new CallVerbError('aborted', 'the ringing was cancelled');
  if (result.kind !== 'answered') throw new CallVerbError('refused', `${result.final.status} ${result.final.reason}`);
  const { attempt, res } = result;
  try {
    await attempt.media.setRemoteAnswer(res.body.toString('utf8'));
  } catch {
    call.dropAnswered(attempt);
    throw new CallVerbError('refused', 'the phone answered with SDP we cannot use');
  }
  call.report.legProgressed(attempt.leg.id, 'answered');
  return call.addLeg({ id: attempt.leg.id, sip: attempt.leg, media: attempt.media, offered: 'sendrecv', target: attempt.target, party: partyOf(attempt.target) });
}

/** A third party's leg leaves the call: BYE when `bye` (it did not hang up itself), reported, media released. */
export function dropPartyLeg(call: Call, leg: PartyLeg, bye: boolean, header?: string): void {
  if (bye) leg.sip.hangup(header);
  call.removeLeg(leg, 'hangup');
}
