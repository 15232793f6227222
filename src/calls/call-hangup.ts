/**
 * How a call ends: the hang-up verb (a Q.850 cause), the platform's hang-up (shutdown, caps), and
 * the ends that come from the legs (CANCEL, BYE, no ACK, an unusable answer in the ACK). A leg the
 * call rang that is not bridged may leave without ending the call (its driver is told).
 */
import type { Call } from './call.ts';
import type { InboundLeg } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import type { VerbOptions } from './call-control.ts';
import type { UnbridgedOutcome } from './call-driver.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import type { Q850Cause } from './q850.ts';
import { Q850_CAUSES, q850Reason } from './q850.ts';
import { consultLegHungUp } from './call-consult.ts';
import { conferenceLegHungUp } from './call-conference.ts';

/** BYE to every outbound leg that is up (phones still ringing are the dial step's to CANCEL). */
function byeOutbound(call: Call, header?: string): void {
  for (const leg of call.allLegs()) if (leg.sip !== call.inbound) leg.sip.hangup(header);
}

export async function hangUpVerb(call: Call, opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
  throwIfAborted(opts.signal);
  const cause = opts.cause ?? 16;
  if (call.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
  // A caller kept after the bridge (Call.afterCalleeLeaves) was answered: the record says so.
  if (talking(call) || call.answeredAt !== undefined) return hangUpAnswered(call, Q850_CAUSES[cause], q850Reason(cause));
  // Not answered yet: the caller gets a final response that says why.
  const status = cause === 17 ? 486 : cause === 21 ? 603 : 480;
  byeOutbound(call, q850Reason(cause));
  call.inbound?.reject(status, Q850_CAUSES[cause]);
  call.inbound?.hangup(q850Reason(cause)); // voicemail or a driver had answered the caller
  await call.end({ outcome: 'failed', status, reason: Q850_CAUSES[cause], endedBy: 'platform' });
}

/** The caller was answered and talks (to the phone, to hold music, in a consult or a conference). */
function talking(call: Call): boolean {
  return call.state === 'answered' || call.state === 'held' || call.state === 'transferring' || call.state === 'consulting' || call.state === 'conferenced';
}

/** Ends the call from the platform side (shutdown, supervisor, caps). */
export function platformHangup(call: Call): void {
  if (talking(call)) {
    void hangUpAnswered(call, 'OK');
  } else if (call.state !== 'ended') {
    byeOutbound(call);
    call.inbound?.reject(503, 'Service Unavailable');
    call.inbound?.hangup(); // voicemail or a driver had answered the caller
    void call.end({ outcome: 'failed', status: 503, reason: 'platform shutdown', endedBy: 'platform' });
  }
}

/** An answered call ended by the platform: BYE to every side; `reason` goes in the record, `header` in the BYEs (RFC 3326). */
export function hangUpAnswered(call: Call, reason: string, header?: string): Promise<void> {
  byeOutbound(call, header);
  call.inbound?.hangup(header);
  return call.end({ outcome: 'answered', status: 200, reason, endedBy: 'platform' });
}

export function callerCancelled(call: Call): void {
  // A CANCEL may cross a phone's 200 while we are still bridging: that leg is hung up.
  byeOutbound(call);
  // §9.2: after answering the CANCEL, "the UAS SHOULD respond to the INVITE with a 487".
  call.inbound?.reject(487, 'Request Terminated');
  void call.end({ outcome: 'cancelled', status: 487, reason: 'Request Terminated', endedBy: 'caller' });
}

export function remoteHangup(call: Call, leg: InboundLeg | OutboundLeg): void {
  // The caller: the inbound leg, or the first leg of an outbound-only call (the agent of a click-to-call).
  const byCaller = leg === call.inbound || leg === call.caller?.sip;
  // A phone that transfers blind often hangs up at once: the transfer goes on without it.
  if (call.state === 'transferring' && !byCaller) return;
  // A consulted phone, a conference's third party, or the agent leaving one of them to the caller.
  if (!byCaller && (consultLegHungUp(call, leg) || conferenceLegHungUp(call, leg))) return;
  if (!byCaller && leg !== call.callee?.sip) {
    // A phone the call rang and did not bridge (an agent hearing a whisper): it leaves, the call goes on.
    const mine = call.legOf(leg);
    if (mine) call.removeLeg(mine, 'hangup');
    return;
  }
  if (!byCaller && call.afterCalleeLeaves === 'keep-caller' && call.state === 'answered') {
    // The driver keeps the caller (a survey after the agent left): only the bridge ends.
    const mine = call.legOf(leg);
    call.callee = undefined;
    call.step('unbridge');
    if (call.caller) call.background(call.caller.media.disconnect());
    if (mine) call.removeLeg(mine, 'hangup');
    return;
  }
  if (byCaller && call.answeredAt === undefined && call.unbridgedFinal) {
    // Voicemail (or a driver) had the caller, nobody answered: the record says why.
    byeOutbound(call);
    return void call.end({ ...call.unbridgedFinal, endedBy: 'caller' });
  }
  byeOutbound(call);
  call.inbound?.hangup();
  void call.end({ outcome: 'answered', status: 200, reason: 'OK', endedBy: byCaller ? 'caller' : 'callee' });
}

/** The answered caller cannot go on (no ACK, no usable answer): BYE to every side. */
export function lostCaller(call: Call, reason: string): void {
  if (call.state === 'ended') return;
  byeOutbound(call);
  call.inbound?.hangup();
  if (call.answeredAt === undefined && call.unbridgedFinal) return void call.end({ ...call.unbridgedFinal, endedBy: 'platform' });
  void call.end({ outcome: 'answered', status: 200, reason, endedBy: 'platform' });
}

/** Nobody was bridged and nobody will be (a driver let go): the caller gets the outcome's final response, or a BYE if answered. */
export function endUnbridged(call: Call, final: UnbridgedOutcome): Promise<void> {
  if (call.answeredAt !== undefined) return hangUpAnswered(call, 'OK'); // a kept caller (Call.afterCalleeLeaves)
  byeOutbound(call);
  call.inbound?.reject(final.status, final.reason);
  call.inbound?.hangup();
  return call.end({ ...final, endedBy: 'platform' });
}
