/**
 * RFC 3891 §3: an INVITE with Replaces naming the answered phone's leg of a live call — another
 * phone of the same tenant picking the call up (or finishing an attended transfer done
 * elsewhere). The new INVITE becomes the call's answering leg: its media is anchored in the
 * call's media group, the caller is bridged to it (the recording's right channel follows), the
 * replaced phone gets a BYE, and the call reports `leg.created`, `leg.answered`, `call.bridged`
 * and `call.transferred` (attended) on the way (`answered` → `transferring` → `answered`).
 * The B2BUA has already checked that the named dialog is confirmed, ours and the same tenant's.
 */
import type { Call, CallLeg } from './call.ts';
import type { InboundLeg, InboundLegListener } from './inbound-leg.ts';
import type { LegParty } from './call-events.ts';
import { endpointOptions, watchDtmf, watchMedia } from './call-media.ts';
import { q850Reason } from './q850.ts';

/** Why the leg cannot be taken over now: a SIP status and reason for the new INVITE; undefined when it can. */
export function replaceRefusal(call: Call, named: CallLeg, invite: InboundLeg): { status: number; reason: string } | undefined {
  if (named !== call.callee || !call.is('answered') || !call.caller) return { status: 486, reason: 'Leg Cannot Be Replaced Now' };
  if (invite.lateOffer) return { status: 488, reason: 'SDP Offer Required' };
  return undefined;
}

/** Takes `named` (the call's answering leg) over with the new INVITE `leg` of SIP user `taker`. */
export async function replaceLeg(call: Call, named: CallLeg, leg: InboundLeg, taker: string): Promise<void> {
  const caller = call.caller;
  if (!caller || !call.step('transfer')) return void leg.reject(486, 'Leg Cannot Be Replaced Now');
  // The taker's leg is the call's answering side: its hang-up ends the call like the callee's.
  const listener: InboundLegListener = {
    onCancel: () => undefined,
    onRemoteHangup: (l) => call.onRemoteHangup(l),
    onAnswerInAck: () => undefined,
    onAckTimeout: (l) => call.onRemoteHangup(l),
    onRequest: (l, tx) => call.onRequest(l, tx),
  };
  leg.attach(listener);
  const party: LegParty = { kind: 'sip', username: taker };
  call.report.legCreated(leg.id, 'inbound', party);
  let made: Awaited<ReturnType<typeof call.deps.media.createEndpointWithSdp>>;
  try {
    made = await call.deps.media.createEndpointWithSdp({ kind: 'answer', offer: leg.invite.body.toString('utf8') }, endpointOptions(call, 'callee', leg.tx.source.address));
  } catch (err) {
    leg.reject(488, 'Not Acceptable Here');
    call.report.legEnded(leg.id, 'failed', 488);
    if (call.is('transferring')) call.step('transfer-done');
    throw err;
  }
  if (!call.is('transferring') || leg.tx.cancelled) {
    // The call ended (or the taker gave up) meanwhile: nothing is taken over.
    call.background(made.endpoint.destroy());
    leg.reject(487, 'Request Terminated');
    call.report.legEnded(leg.id, 'cancelled', 487);
    if (call.is('transferring')) call.step('transfer-done');
    return;
  }
  watchMedia(call, made.endpoint);
  watchDtmf(call, made.endpoint, leg.id);
  const taken: CallLeg = { id: leg.id, sip: leg, media: made.endpoint, offered: 'sendrecv', taker };
  await caller.media.connect(made.endpoint);
  leg.answer(made.sdp);
  call.callee = call.addLeg(taken);
  if (call.recording) await call.recording.switchOther(made.endpoint).catch((err: unknown) => call.deps.onError?.(err));
  // The replaced phone goes (RFC 3891 §3: BYE for a confirmed dialog); its media lives until the call ends.
  named.sip.hangup(q850Reason(16));
  call.report.legEnded(named.id, 'hangup', null);
  call.departLeg(named);
  call.step('transfer-done');
  call.report.legProgressed(leg.id, 'answered');
  call.report.bridged([caller.id, leg.id], 'transferring', 'answered');
  call.report.transferred(caller.id, party, 'attended');
}
