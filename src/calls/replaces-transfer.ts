/**
 * Attended transfer from a SIP phone (RFC 5589 §7, RFC 3891 Replaces). The agent's phone B has two
 * calls through us: one where it answered a caller A (B is that call's callee), and one it placed
 * itself to C (B is that call's caller, C its callee). B then REFERs either dialog with a Refer-To
 * whose Replaces names the other: the transfer joins A and C and lets B go. As a B2BUA we are the
 * transferee and the target at once, so no INVITE goes out: C's leg moves from B's own call into
 * A's call (A's call keeps its record, recording and number; B's call ends as answered), its media
 * anchored again in A's call by a re-INVITE (a call's endpoints live on one media worker), and B
 * hears the progress as NOTIFY sipfrag and then a BYE on both dialogs.
 *
 * An INVITE with Replaces naming an answered call's leg (a phone picking a call up from another
 * device, the last step of a transfer done elsewhere) takes that leg's place: replace-leg.ts.
 */
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { Replaces } from '../sip/message/replaces.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { Call, CallLeg } from './call.ts';
import { InboundLeg } from './inbound-leg.ts';
import { OutboundLeg } from './outbound-leg.ts';
import { CallVerbError } from './call-verb-error.ts';
import { partyOf } from './ring-third-party.ts';
import type { LegParty } from './call-events.ts';
import { q850Reason } from './q850.ts';
import { acceptRefer } from './refer-notify.ts';

/** A leg of a live call, found by the dialog a Replaces header names. */
export interface CallLegRef {
  readonly call: Call;
  readonly leg: CallLeg;
}

/** How the calls find the dialog a Replaces names (the B2BUA knows every live call). */
export type ReplacesLookup = (replaces: Replaces) => CallLegRef | undefined;

type Answered = CallLeg & { readonly sip: OutboundLeg };

/** The two calls of an attended transfer: `keep` stays, `transferor` (B's leg there) leaves; the donor's callee moves over. */
interface Join {
  survivor: Call;
  keep: CallLeg;
  transferor: CallLeg;
  donor: Call;
  /** B's leg in the donor call (its caller). */
  donorTransferor: CallLeg;
  moving: Answered;
}

/** Why the two calls cannot be joined, as a SIP status and reason for the REFER; undefined when they can. */
function arrange(a: CallLegRef, b: CallLegRef): Join | { status: number; reason: string } {
  if (a.call === b.call) return { status: 403, reason: 'Replaces Names This Call' };
  if (a.call.tenantId !== b.call.tenantId) return { status: 403, reason: 'Replaces Names Another Tenant' };
  if (!a.call.is('answered') || !b.call.is('answered')) return { status: 491, reason: 'Calls Not Both Answered' };
  const calleeIn = (x: CallLegRef) => x.call.callee === x.leg && x.call.caller !== undefined;
  // The leg that moves must be one we rang (a leg taken over by Replaces is the taker's own INVITE).
  const callerIn = (x: CallLegRef) => x.call.caller === x.leg && x.call.callee?.sip instanceof OutboundLeg;
  const pair = calleeIn(a) && callerIn(b) ? [a, b] : calleeIn(b) && callerIn(a) ? [b, a] : undefined;
  if (!pair) return { status: 501, reason: 'Transfer Between These Legs Not Supported' };
  const [s, d] = pair as [CallLegRef, CallLegRef];
  return { survivor: s.call, keep: s.call.caller as CallLeg, transferor: s.leg, donor: d.call, donorTransferor: d.leg, moving: d.call.callee as Answered };
}

/**
 * REFER with Replaces on `leg` of `call`: 202 and NOTIFY 100, the join, NOTIFY 200 (or the failure),
 * then BYE to the transferor's two dialogs. A Replaces that names no confirmed dialog of ours is
 * what a transferee would meet as 481 to its INVITE: the NOTIFY says so.
 */
export async function referWithReplaces(call: Call, leg: InboundLeg | OutboundLeg, tx: ServerTransaction, replaces: Replaces): Promise<void> {
  const req = tx.request;
  const mine = call.legOf(leg);
  const other = call.deps.findReplacedLeg?.(replaces);
  const join = mine && other ? arrange({ call, leg: mine }, other) : undefined;
  if (join && 'status' in join) {
    tx.respond(createResponse(req, join.status, join.reason));
    return;
  }
  const notify = acceptRefer(leg, tx, call.verbFailed);
  if (!join) return notify(481, 'Call/Transaction Does Not Exist', true);
  try {
    await joinCalls(join);
  } catch (err) {
    if (!(err instanceof CallVerbError)) throw err;
    notify(err.code === 'refused' ? 488 : 487, err.code === 'refused' ? 'Not Acceptable Here' : 'Request Terminated', true);
    return;
  }
  notify(200, 'OK', true);
  join.transferor.sip.hangup(q850Reason(16));
  join.survivor.report.legEnded(join.transferor.id, 'hangup', null);
  // B's own call ends with the transferor's leg: nobody else is left in it.
  join.donorTransferor.sip.hangup(q850Reason(16));
  await join.donor.end({ outcome: 'answered', status: 200, reason: 'transferred', endedBy: 'caller' });
}

/**
 * Moves the donor's callee into the survivor in place of the transferor: it leaves the donor at
 * once (nothing the donor does from now — B's BYE, its end — touches it), gets a new endpoint in
 * the survivor's media group by re-INVITE, and is bridged to `keep`. When the re-INVITE fails the
 * moved leg is hung up and `keep` goes back to the transferor if it is still there.
 */
async function joinCalls(j: Join): Promise<void> {
  const { survivor, donor, keep, transferor, moving } = j;
  if (!survivor.step('transfer')) throw new CallVerbError('bad-state', `the call became ${survivor.state}`);
  donor.releaseLeg(moving);
  moving.sip.attach({ ...survivor.answeredLegListener, onRinging: () => undefined, onAnswered: (l) => l.hangup(), onFailed: () => undefined });
  const party: LegParty = moving.target ? partyOf(moving.target) : { kind: 'pstn', number: moving.sip.spec.answeringNumber };
  survivor.report.legCreated(moving.id, 'outbound', party);
  let anchored: Answered;
  try {
    anchored = await reanchor(survivor, moving);
  } catch (err) {
    survivor.background(moving.media.destroy());
    moving.sip.hangup(q850Reason(16));
    survivor.report.legEnded(moving.id, 'failed', null);
    if (survivor.is('transferring')) survivor.step('transfer-done');
    throw err;
  }
  survivor.background(moving.media.destroy());
  if (!survivor.is('transferring')) {
    // The caller hung up meanwhile: the call has ended; the moved phone goes too.
    moving.sip.hangup(q850Reason(16));
    survivor.background(anchored.media.destroy());
    survivor.report.legEnded(moving.id, 'hangup', null);
    throw new CallVerbError('aborted', 'the call ended during the transfer');
  }
  await keep.media.connect(anchored.media);
  survivor.callee = survivor.addLeg(anchored);
  survivor.departLeg(transferor);
  if (survivor.recording) await survivor.recording.switchOther(anchored.media).catch((err: unknown) => survivor.deps.onError?.(err));
  survivor.step('transfer-done');
  survivor.report.legProgressed(moving.id, 'answered');
  survivor.report.bridged([keep.id, moving.id], 'transferring', 'answered');
  survivor.report.transferred(keep.id, party, 'attended');
  // The caller may still be on the hold the transferor asked for (passed through): take it off.
  if (keep.offered !== 'sendrecv') await survivor.reoffer(keep, 'sendrecv').catch((err: unknown) => survivor.deps.onError?.(err));
}

/** A new endpoint for `leg` in `call`'s media group, offered to its phone by re-INVITE. */
async function reanchor(call: Call, leg: Answered): Promise<Answered> {
  const { endpoint, sdp } = await call.openMedia(leg.sip.spec.target.host);
  try {
    const res = await leg.sip.reinvite(sdp);
    if (res.status < 200 || res.status >= 300) throw new CallVerbError('refused', `${res.status} ${res.reason}`);
    await endpoint.setRemoteAnswer(res.body.toString('utf8'));
  } catch (err) {
    call.background(endpoint.destroy());
    throw err instanceof CallVerbError ? err : new CallVerbError('refused', (err as Error).message);
  }
  return { id: leg.id, sip: leg.sip, media: endpoint, offered: 'sendrecv', ...(leg.target ? { target: leg.target } : {}) };
}

/**
 * The live call leg whose confirmed dialog a Replaces header names (RFC 3891 §3: the to-tag is
 * ours; some phones swap the two, so both ways). None for `early-only`: our dialogs a phone can
 * name are answered ones.
 */
export function findReplacedLeg(calls: Iterable<Call>, ua: UserAgentCore, r: Replaces): CallLegRef | undefined {
  if (r.earlyOnly) return undefined;
  const sip = ua.dialogOwner(r.callId, r.toTag, r.fromTag) ?? ua.dialogOwner(r.callId, r.fromTag, r.toTag);
  if (!(sip instanceof InboundLeg) && !(sip instanceof OutboundLeg)) return undefined;
  for (const call of calls) {
    const leg = call.legOf(sip);
    if (leg) return { call, leg };
  }
  return undefined;
}
