/**
 * One call: the legs it owns (today the caller's inbound leg and the phone that answered), their
 * anchored media, the bridge between them, and the call record. This file is the call's core (its
 * legs, its state machine, its end); the verbs live beside it by family — call-hold.ts,
 * call-transfer.ts, call-hangup.ts, call-media.ts — and the path of an inbound call routed by its
 * number's plan in routed-call.ts (the dial step itself is dial.ts; the call's state is the table
 * in call-state.ts). The members marked "calls/ only" are for those files, not for drivers (they
 * use ControlledCall).
 */
import { randomUUID } from 'node:crypto';
import type { SipResponse } from '../sip/message/message.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { Clock } from '../kernel/clock.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { MediaDirection, MediaEndpoint, MediaEngine, PlaySource, Recording } from '../media/media-engine.ts';
import type { AttemptRecord, AttemptStart, CallAnswer, CallRecordEnd, EndedBy, RecordOutcome } from '../cdr/call-record.ts';
import type { DialTarget, RouteDecision } from './call-router.ts';
import type { TransferTargets } from './transfer-targets.ts';
import type { CallerFinal } from './call-outcome.ts';
import type { InboundLeg, InboundLegListener } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { finishCallRecording } from './call-recording.ts';
import { forwardInDialogRequest } from './in-dialog-requests.ts';
import type { CallFlowHooks } from './ports.ts';
import type { CallEvent, CallState } from './call-state.ts';
import { callTransition } from './call-state.ts';
import type { OfferAnswerState } from './offer-answer-state.ts';
import { offerAnswerTransition } from './offer-answer-state.ts';
import type { Dial, DialAttempt, DialHost } from './dial.ts';
import type { CallEventSink, LegEndReason } from './call-events.ts';
import { CallReporter } from './call-reporter.ts';
import type { Direction } from './sdp-direction.ts';
import type { ControlledCall, LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError } from './call-verb-error.ts';
import { reofferDirection } from './reoffer.ts';
import type { Q850Cause } from './q850.ts';
import { handleRefer } from './refer.ts';
import type { ReferHost } from './refer.ts';
import { holdLeg, unholdLeg } from './call-hold.ts';
import { blindTransfer, transferTarget } from './call-transfer.ts';
import { callerCancelled, hangUpAnswered, hangUpVerb, lostCaller, platformHangup, remoteHangup } from './call-hangup.ts';
import { endpointOptions, watchDtmf, watchMedia } from './call-media.ts';
import { phoneRinging, startRoutedCall, startVoicemail } from './routed-call.ts';

export type { CallState } from './call-state.ts';

/**
 * The reason the flow's signal carries when the call ends: one shared AbortError instead of the
 * DOMException abort() would otherwise make per call, stack trace included (a profile at 250
 * calls/s showed its construction; a heap snapshot, its 16 call-site objects per call).
 */
const CALL_ENDED = new DOMException('The call ended', 'AbortError');
type DialPlan = Extract<RouteDecision, { kind: 'dial' }>;

export interface CallDeps {
  ua: UserAgentCore;
  media: MediaEngine;
  clock: Clock;
  /** Called once when the call ends, with what the call record needs. */
  onEnded(call: Call, end: CallRecordEnd): void;
  /** Called once when a phone answered and the caller was answered (the record keeps it at once). */
  onAnswered?(call: Call, answer: CallAnswer): void;
  /** A phone is about to be rung (its leg record is written at once). */
  onAttemptStarted?(call: Call, attempt: AttemptStart): void;
  /** Where to record this call once answered (P4: every call); undefined → not recorded. */
  recordingPath?(call: Call): string | undefined;
  /** The number's flow (src/flows): pre-dial prompts/menu/password, ringback, voicemail. */
  flow?: CallFlowHooks;
  /** Once answered, no RTP from either side for this long ends the call (a BYE that never came). */
  mediaTimeoutMs?: number;
  /** Failures of work the call does in the background (media clean-up); for the log. */
  onError?(err: unknown): void;
  /** Where the call's typed events go (src/events' bus); absent → none are made. */
  events?: CallEventSink;
  /** The caller as the record has it (E.164 when it parsed), and their SIP username when a user of the tenant called. */
  caller?: { number: string; username?: string };
  /** Where transfers may go (REFER, the API); absent → every transfer is refused. */
  transferTargets?: TransferTargets;
}

/** A leg the call owns: its signalling and its anchored media. */
export interface CallLeg {
  readonly id: string;
  readonly sip: InboundLeg | OutboundLeg;
  readonly media: MediaEndpoint;
  /** The direction we last offered this leg (a phone's hold passed through makes it sendonly). */
  offered: MediaDirection;
}

export type Ending = { outcome: Exclude<RecordOutcome, 'interrupted'>; status: number; reason: string; endedBy: EndedBy };

export class Call implements InboundLegListener, DialHost, ControlledCall, ReferHost {
  readonly id = randomUUID();
  state: CallState = 'setup';
  /** One offer/answer exchange at a time once answered (RFC 3261 §14.1). */
  offerAnswer: OfferAnswerState = 'stable';
  answeredAt: Date | undefined;
  /** calls/ only: the caller's leg once its media is anchored. */
  caller: CallLeg | undefined;
  /** calls/ only: our SDP for the caller (in the 183 and the 200). */
  callerAnswerSdp = '';
  /** calls/ only: the phone's leg that answered, bridged to the caller. */
  callee: (CallLeg & { readonly sip: OutboundLeg }) | undefined;
  /** calls/ only: the ringing phone whose early media (183) the caller hears, if any. */
  earlyMedia: MediaEndpoint | undefined;
  /** calls/ only: the dial step of the routed path. */
  dial: Dial | undefined;
  /** calls/ only: attempts of transfers, after the dial step's (the record keeps them all). */
  readonly transferLog: AttemptRecord[] = [];
  /** Attempts started so far (dial step and transfers): the next one's `seq`. */
  private attemptCount = 0;
  /** calls/ only: legs that left the call (a transferor): their media lives until the call ends (the recording may use it). */
  readonly departed: CallLeg[] = [];
  /** calls/ only: the call's recording once started. */
  recording: Recording | undefined;
  /** calls/ only: ends the flow's prompts, digit waits, voicemail and the dial step when the call ends. */
  readonly lifetime = new AbortController();
  /** calls/ only: R13: what the record says when voicemail took the caller (nobody answered). */
  voicemailFinal: CallerFinal | undefined;
  /** calls/ only: the call's typed events: every emit point is a `call.report.…` line. */
  readonly report: CallReporter;
  /** calls/ only: while the call is held, the held leg and the control of its music. */
  held: { leg: CallLeg; music: AbortController } | undefined;

  constructor(
    readonly deps: CallDeps,
    readonly inbound: InboundLeg,
    readonly plan: DialPlan,
    readonly callerNumber: string,
  ) {
    this.report = new CallReporter(deps.events, plan.tenantId, this.id, deps.onError);
  }

  get tenantId(): string {
    return this.plan.tenantId;
  }

  get ua(): UserAgentCore {
    return this.deps.ua;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  /** The leg bridged to `leg` (the one a re-INVITE passes to). */
  otherLegOf(leg: InboundLeg | OutboundLeg): CallLeg | undefined {
    if (!this.caller || !this.callee) return undefined;
    if (leg === this.caller.sip) return this.callee;
    return leg === this.callee.sip ? this.caller : undefined;
  }

  legOf(leg: InboundLeg | OutboundLeg): CallLeg | undefined {
    if (this.caller?.sip === leg) return this.caller;
    return this.callee?.sip === leg ? this.callee : undefined;
  }

  /** A leg by role or id; throws CallVerbError('no-such-leg'). */
  legByRef(ref: LegRef): CallLeg {
    const leg = ref === 'caller' ? this.caller : ref === 'callee' ? this.callee : [this.caller, this.callee].find((l) => l?.id === ref);
    if (!leg) throw new CallVerbError('no-such-leg', `no leg ${ref} in this call`);
    return leg;
  }

  parties(): string[] {
    const out = [this.callerNumber];
    if (this.callee) out.push(this.callee.sip.spec.answeringNumber);
    return out;
  }

  isCallee(leg: InboundLeg | OutboundLeg): boolean {
    return this.callee?.sip === leg;
  }

  // ---- verbs (ControlledCall): each in its family's file ----

  hold(ref: LegRef, opts: VerbOptions & { music?: PlaySource } = {}): Promise<void> {
    return holdLeg(this, ref, opts);
  }

  unhold(opts: VerbOptions = {}): Promise<void> {
    return unholdLeg(this, opts);
  }

  transfer(ref: LegRef, destination: string | DialTarget, opts: VerbOptions & { onAnswered?: () => void } = {}): Promise<void> {
    return blindTransfer(this, ref, destination, opts);
  }

  transferTarget(destination: string): Promise<DialTarget> {
    return transferTarget(this, destination);
  }

  hangUp(opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
    return hangUpVerb(this, opts);
  }

  /** Ends the call from the platform side (shutdown, supervisor, caps). */
  hangup(): void {
    platformHangup(this);
  }

  // ---- the call's machinery (calls/ only) ----

  /** The state now (read after an await, where the compiler's narrowing no longer holds). */
  is(state: CallState): boolean {
    return this.state === state;
  }

  /** Moves the call's state machine; false when the event does not apply now. */
  step(event: CallEvent): boolean {
    const next = callTransition(this.state, event);
    if (!next) return false;
    this.state = next;
    return true;
  }

  /** Starts an offer/answer exchange; false while another one is open (the request gets 491). */
  beginOfferAnswer(): boolean {
    const next = offerAnswerTransition(this.offerAnswer, 'offer');
    if (!next) return false;
    this.offerAnswer = next;
    return true;
  }

  endOfferAnswer(): void {
    this.offerAnswer = offerAnswerTransition(this.offerAnswer, 'settled') ?? this.offerAnswer;
  }

  /** Our re-INVITE with `direction`, remembered on the leg. */
  async reoffer(leg: CallLeg, direction: MediaDirection): Promise<void> {
    await reofferDirection(leg, direction);
    leg.offered = direction;
  }

  /** An answered attempt the call has no use for (it ended meanwhile): BYE, media released. */
  dropAnswered(a: DialAttempt): void {
    a.leg.hangup();
    this.background(a.media.destroy());
  }

  /** An answered call ended by the platform: BYE to both sides; `reason` goes in the record, `header` in the BYEs (RFC 3326). */
  hangUpAnswered(reason: string, header?: string): Promise<void> {
    return hangUpAnswered(this, reason, header);
  }

  /** Work nobody waits for: a failure is logged, never an unhandled rejection. */
  background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.deps.onError?.(err));
  }

  now(): Date {
    return new Date(this.deps.clock.wallNow());
  }

  start(): Promise<void> {
    return startRoutedCall(this);
  }

  // ---- DialHost: what the dial step asks of the call ----

  openMedia(signallingHost: string): Promise<{ endpoint: MediaEndpoint; sdp: string }> {
    // The phone's RTP may come from where its SIP does (NAT), not from its SDP address.
    return this.deps.media.createEndpointWithSdp({ kind: 'offer' }, endpointOptions(this, 'callee', signallingHost)).then((made) => {
      watchMedia(this, made.endpoint);
      return made;
    });
  }

  released(media: MediaEndpoint): void {
    if (this.earlyMedia === media) this.earlyMedia = undefined;
    this.background(media.destroy());
  }

  readonly answeredLegListener = {
    onRemoteHangup: (leg: OutboundLeg) => this.onRemoteHangup(leg),
    onRequest: (leg: OutboundLeg, tx: ServerTransaction) => this.onRequest(leg, tx),
  };

  voicemail(final: CallerFinal): Promise<void> | undefined {
    return startVoicemail(this, final);
  }

  nextAttemptSeq(): number {
    return this.attemptCount++;
  }

  attemptStarted(a: DialAttempt): void {
    this.deps.onAttemptStarted?.(this, { tenantId: this.tenantId, seq: a.seq, target: a.target.kind === 'pstn' ? a.target.number : a.target.username, kind: a.target.kind, startedAt: a.startedAt });
    this.report.legCreated(a.leg.id, 'outbound', a.target.kind === 'pstn' ? { kind: 'pstn', number: a.target.number } : { kind: 'sip', username: a.target.username });
    watchDtmf(this, a.media, a.leg.id);
  }

  attemptEnded(a: DialAttempt, reason: LegEndReason, sipStatus: number | null): void {
    this.report.legEnded(a.leg.id, reason, sipStatus);
  }

  ringing(a: DialAttempt, res: SipResponse): void {
    phoneRinging(this, a, res);
  }

  // ---- InboundLegListener and the answered legs' in-dialog events ----

  onCancel(): void {
    callerCancelled(this);
  }

  onRemoteHangup(leg: InboundLeg | OutboundLeg): void {
    remoteHangup(this, leg);
  }

  onAckTimeout(): void {
    lostCaller(this, 'ACK never received');
  }

  /** Late offer: the caller's answer in its ACK completes the media; no usable answer ends the call (§13.2.1). */
  onAnswerInAck(_leg: InboundLeg, sdp: string): void {
    const media = this.caller?.media;
    if (!media) return;
    if (!sdp) return lostCaller(this, 'no SDP answer in ACK');
    media.setRemoteAnswer(sdp).catch(() => lostCaller(this, 'caller SDP answer not usable'));
  }

  /**
   * A phone's re-INVITE went through to the other side with this direction (in-dialog-requests):
   * sendonly/inactive puts the other leg on hold, sendrecv/recvonly takes it off.
   */
  directionChanged(by: InboundLeg | OutboundLeg, direction: Direction): void {
    const other = this.otherLegOf(by);
    if (other) this.report.legHeld(other.id, direction === 'sendonly' || direction === 'inactive', by.id);
  }

  onRequest(leg: InboundLeg | OutboundLeg, tx: ServerTransaction): void {
    // While held, the platform owns the held leg's offer/answer: a phone's own offer waits (491).
    const offer = tx.request.body.length > 0 && (tx.request.method === 'INVITE' || tx.request.method === 'UPDATE');
    if (this.state !== 'answered' && !(this.state === 'held' && !offer)) {
      tx.respond(createResponse(tx.request, tx.request.method === 'OPTIONS' ? 200 : 491));
      return;
    }
    if (tx.request.method === 'REFER' && this.state === 'answered') {
      handleRefer(this, leg, tx).catch((err: unknown) => this.deps.onError?.(err));
      return;
    }
    void forwardInDialogRequest(this, leg, tx);
  }

  /** calls/ only: the call is over — stops what runs, writes the record, releases the media. Once. */
  async end(r: Ending): Promise<void> {
    const previous = this.state;
    if (!this.step('end')) return;
    // Stops the flow and the dial step: phones still ringing are CANCELled and logged.
    this.lifetime.abort(CALL_ENDED);
    const endedAt = new Date(this.deps.clock.wallNow());
    const mediaStats: Record<string, unknown> = {};
    const callee = this.callee;
    try {
      if (this.caller) mediaStats.caller = await this.caller.media.stats();
      if (callee) mediaStats.callee = await callee.media.stats();
    } catch {
      // Stats are a nicety; the record is not.
    }
    const recordingPath = await finishCallRecording(this.recording);
    if (this.recording) this.report.recording('recording.stopped');
    this.report.callEnded(previous, { outcome: r.outcome, sipStatus: r.status, reason: r.reason, endedBy: r.endedBy });
    if (callee) this.background(callee.media.destroy());
    for (const leg of this.departed) this.background(leg.media.destroy());
    if (this.caller) this.background(this.caller.media.destroy());
    const end: CallRecordEnd = { endedAt, outcome: r.outcome, sipStatus: r.status, sipReason: r.reason, endedBy: r.endedBy, mediaStats, attempts: [...(this.dial?.log ?? []), ...this.transferLog] };
    if (recordingPath) end.recordingPath = recordingPath;
    if (callee) end.answeringNumber = callee.sip.spec.answeringNumber;
    if (this.answeredAt) end.answeredAt = this.answeredAt;
    this.deps.onEnded(this, end);
  }
}
