/**
 * One call: the legs it owns (the caller's inbound leg, the phones rung for it), their anchored
 * media, the bridge between two of them, and the call record. This file is the call's core (its
 * legs, its state machine, its end); the verbs live beside it by family — call-answer.ts,
 * call-prompts.ts (play/say/collect), call-park.ts, call-ring.ts (ring, the dial step),
 * call-bridge.ts (bridge/unbridge/hang up a leg), call-hold.ts, call-transfer.ts, call-hangup.ts,
 * call-media.ts — and the driver that runs an inbound call by its number's plan is routed-call.ts
 * (the seam every driver uses is call-driver.ts; the call's state is the table in call-state.ts).
 * The members marked "calls/ only" are for those files, not for drivers (they use DrivenCall).
 */
import { randomUUID } from 'node:crypto';
import type { SipResponse } from '../sip/message/message.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { Clock } from '../kernel/clock.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { MediaDirection, MediaEndpoint, MediaEngine, PlayOutcome, PlaySource, Recording } from '../media/media-engine.ts';
import type { DigitBuffer } from '../media/dtmf/digit-buffer.ts';
import { TypedEventSource } from '../kernel/typed-event.ts';
import type { AttemptRecord, CallRecordEnd, EndedBy, RecordOutcome } from '../cdr/call-record.ts';
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
import type { CallEventSink, DurableCallEventSink, LegEndReason } from './call-events.ts';
import { CallReporter } from './call-reporter.ts';
import type { RefusalAnnouncements } from './refusal-announcement.ts';
import type { Direction } from './sdp-direction.ts';
import type { LegRef, VerbOptions } from './call-control.ts';
import type { CallDriverRegistry, CollectOptions, DriverHandoff, DrivenCall, DrivenLeg, PlayVerbOptions, RingOptions, UnbridgedOutcome } from './call-driver.ts';
import { CallVerbError } from './call-verb-error.ts';
import { reofferDirection } from './reoffer.ts';
import type { Q850Cause } from './q850.ts';
import { handleRefer } from './refer.ts';
import type { ReferHost } from './refer.ts';
import { referWithReplaces } from './replaces-transfer.ts';
import type { ReplacesLookup } from './replaces-transfer.ts';
import type { Replaces } from '../sip/message/replaces.ts';
import { holdLeg, unholdLeg } from './call-hold.ts';
import { blindTransfer, transferTarget } from './call-transfer.ts';
import { handOffCaller } from './call-handoff.ts';
import { callerCancelled, hangUpAnswered, hangUpVerb, lostCaller, platformHangup, remoteHangup } from './call-hangup.ts';
import { endpointOptions, watchDtmf, watchMedia } from './call-media.ts';
import { phoneRinging, startRoutedCall, startVoicemail, takeMessage } from './routed-call.ts';
import { answerLeg } from './call-answer.ts';
import { collectFrom, playTo, sayTo } from './call-prompts.ts';
import { parkLeg, unparkLeg } from './call-park.ts';
import { ringTarget } from './call-ring.ts';
import { bridgeLegs, hangUpOneLeg, unbridgeLegs } from './call-bridge.ts';
import { cancelConsult, completeConsult, consult } from './call-consult.ts';
import type { Consultation } from './call-consult.ts';
import { conference, endConference, setConferenceRole, takeOver } from './call-conference.ts';
import type { CallConference } from './call-conference.ts';
import { pauseRecording, recordedPauses, resumeRecording } from './call-recording-pause.ts';
import type { RecordingPause } from './call-recording-pause.ts';
import type { ConferenceRoleName } from './call-events.ts';

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
  /** Called once when the call ends; `recorded` settles once the durable subscribers closed its record. */
  onEnded(call: Call, recorded: Promise<void>): void;
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
  /** Where its durable events go (the call record's subscribers on the bus); absent → none are written. */
  durableEvents?: DurableCallEventSink;
  /** The caller as the record has it (E.164 when it parsed), and their SIP username when a user of the tenant called. */
  caller?: { number: string; username?: string };
  /** Where transfers may go (REFER, the API); absent → every transfer is refused. */
  transferTargets?: TransferTargets;
  /** Drivers a route decision or a flow may hand the call to (call-driver.ts); absent → none. */
  drivers?: CallDriverRegistry;
  /** The live call leg a Replaces header names (an attended transfer's REFER); absent → none is found. */
  findReplacedLeg?: ReplacesLookup;
  /** What a caller the number's policy refuses hears before the final response (R6, R3); absent → nothing. */
  refusalAnnouncements?: RefusalAnnouncements;
}

/** A leg the call owns: its signalling and its anchored media. */
export interface CallLeg {
  readonly id: string;
  readonly sip: InboundLeg | OutboundLeg;
  readonly media: MediaEndpoint;
  /** The direction we last offered this leg (a phone's hold passed through makes it sendonly). */
  offered: MediaDirection;
  /** What was rung for an outbound leg. */
  readonly target?: DialTarget;
  /** The SIP user whose INVITE with Replaces took a leg over (replace-leg.ts): who answers on it. */
  readonly taker?: string;
  /** Keys pressed on the leg, from its first play with barge-in or collect. */
  digits?: DigitBuffer;
  /** The leg's park music, while parked. */
  parked?: AbortController;
}

/** Who answers on a leg (the record's answering number): the number or user its phone was rung at, or who took it over. */
export function answeringNumberOf(leg: CallLeg): string {
  return 'spec' in leg.sip ? leg.sip.spec.answeringNumber : (leg.taker ?? '');
}

export type Ending = { outcome: Exclude<RecordOutcome, 'interrupted'>; status: number; reason: string; endedBy: EndedBy };

export class Call implements InboundLegListener, DialHost, DrivenCall, ReferHost {
  readonly id = randomUUID();
  state: CallState = 'setup';
  /** One offer/answer exchange at a time once answered (RFC 3261 §14.1). */
  offerAnswer: OfferAnswerState = 'stable';
  answeredAt: Date | undefined;
  /** calls/ only: every leg in the call (up or being answered), by id. */
  private readonly legMap = new Map<string, CallLeg>();
  /** calls/ only: the caller's leg once its media is anchored (the first side of the bridge). */
  caller: CallLeg | undefined;
  /** calls/ only: our SDP for the caller (in the 183 and the 200). */
  callerAnswerSdp = '';
  /** calls/ only: the leg bridged to the caller. */
  callee: CallLeg | undefined;
  /** calls/ only: the ringing phone whose early media (183) the caller hears, if any. */
  earlyMedia: MediaEndpoint | undefined;
  /** calls/ only: the dial step of the routed path. */
  dial: Dial | undefined;
  /** calls/ only: attempts of `ring` and transfers, after the dial step's (the record keeps them all). */
  readonly attemptLog: AttemptRecord[] = [];
  /** Attempts started so far (dial step, `ring`, transfers): the next one's `seq`. */
  private attemptCount = 0;
  /** calls/ only: legs that left the call (a transferor): their media lives until the call ends (the recording may use it). */
  readonly departed: CallLeg[] = [];
  /** calls/ only: the call's recording once started. */
  recording: Recording | undefined;
  /** calls/ only: ends the flow's prompts, digit waits, voicemail and the dial step when the call ends. */
  readonly lifetime = new AbortController();
  /** calls/ only: what the record says when the call ends with no bridge (R13 voicemail: nobody answered; a driver's choice). */
  unbridgedFinal: UnbridgedOutcome | undefined;
  /** calls/ only: the call's typed events: every emit point is a `call.report.…` line. */
  readonly report: CallReporter;
  /** calls/ only: while the call is held, the held leg and the control of its music. */
  held: { leg: CallLeg; music: AbortController } | undefined;
  private readonly legEnded = new TypedEventSource<{ legId: string }>();
  readonly onLegEnded = this.legEnded;
  /** calls/ only: the consult under way (state consulting). */
  consultation: Consultation | undefined;
  /** calls/ only: the conference under way (state conferenced). */
  conferencing: CallConference | undefined;
  /**
   * calls/ only: what the bridged phone's BYE does — end the call, or only cut the bridge so the
   * driver goes on with the caller (`bridge(…, { keepCaller: true })`: the ACD's survey, C5).
   */
  afterCalleeLeaves: 'end-call' | 'keep-caller' = 'end-call';
  /** calls/ only: the recording's PCI pauses, in order. */
  readonly recordingPauses: RecordingPause[] = [];
  /** calls/ only: the run of the driver that has the call (call-handoff.ts); aborted when another takes over. */
  driverRun: AbortController | undefined;

  constructor(
    readonly deps: CallDeps,
    readonly inbound: InboundLeg | undefined,
    readonly plan: DialPlan,
    readonly callerNumber: string,
  ) {
    this.report = new CallReporter(deps.events, plan.tenantId, this.id, deps.onError, deps.durableEvents);
  }

  get tenantId(): string {
    return this.plan.tenantId;
  }

  get number400(): string | undefined {
    return this.plan.number400;
  }

  get signal(): AbortSignal {
    return this.lifetime.signal;
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
    if (this.callee?.sip === leg) return this.callee;
    return this.legMap.get(leg.id);
  }

  /** A leg by role or id; throws CallVerbError('no-such-leg'). */
  legByRef(ref: LegRef): CallLeg {
    const leg = ref === 'caller' ? this.caller : ref === 'callee' ? this.callee : this.legMap.get(ref);
    if (!leg) throw new CallVerbError('no-such-leg', `no leg ${ref} in this call`);
    return leg;
  }

  legs(): DrivenLeg[] {
    return [...this.legMap.values()].map((l) => ({
      id: l.id,
      direction: l.sip === this.inbound ? 'inbound' : 'outbound',
      party: l.sip === this.inbound ? this.callerNumber : 'spec' in l.sip ? l.sip.spec.answeringNumber : '',
    }));
  }

  /** calls/ only: every leg, for hang-ups and clean-up. */
  allLegs(): CallLeg[] {
    return [...this.legMap.values()];
  }

  /** calls/ only: a leg joins the call. */
  addLeg<L extends CallLeg>(leg: L): L {
    this.legMap.set(leg.id, leg);
    return leg;
  }

  /** calls/ only: a leg left the call (hung up, failed): reported, its media released, drivers told. */
  removeLeg(leg: CallLeg, reason: LegEndReason, sipStatus: number | null = null): void {
    if (!this.legMap.delete(leg.id)) return;
    if (leg === this.callee) this.callee = undefined;
    leg.parked?.abort();
    leg.digits?.dispose();
    this.report.legEnded(leg.id, reason, sipStatus);
    this.background(leg.media.destroy());
    this.legEnded.emit({ legId: leg.id });
  }

  /** calls/ only: a leg moves to another call (an attended transfer): it leaves this one, its media untouched and no longer this call's. */
  releaseLeg(leg: CallLeg): void {
    if (!this.legMap.delete(leg.id)) return;
    if (leg === this.callee) this.callee = undefined;
    leg.digits?.dispose();
    this.report.legEnded(leg.id, 'transferred', null);
  }

  /** calls/ only: a leg left the bridge for good (a transferor): its media lives until the call ends (the recording may use it). */
  departLeg(leg: CallLeg): void {
    if (!this.legMap.delete(leg.id)) return;
    this.departed.push(leg);
    // The driver that rang it (the ACD: its agent's call is over, wrap-up follows) learns it left.
    this.legEnded.emit({ legId: leg.id });
  }

  /** calls/ only: the attempts so far (the dial step's, then those of `ring` and transfers). */
  attempts(): AttemptRecord[] {
    return [...(this.dial?.log ?? []), ...this.attemptLog];
  }

  /** calls/ only: a verb's signal: its own, or the call's end. */
  verbSignal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([this.lifetime.signal, signal]) : this.lifetime.signal;
  }

  parties(): string[] {
    const out = [this.callerNumber];
    if (this.callee) out.push(answeringNumberOf(this.callee));
    for (const leg of this.legs()) if (!out.includes(leg.party)) out.push(leg.party);
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

  handOff(ref: LegRef, handoff: DriverHandoff, opts: VerbOptions = {}): Promise<void> {
    return handOffCaller(this, ref, handoff, opts);
  }

  referWithReplaces(leg: InboundLeg | OutboundLeg, tx: ServerTransaction, replaces: Replaces): Promise<void> {
    return referWithReplaces(this, leg, tx, replaces);
  }

  transferTarget(destination: string): Promise<DialTarget> {
    return transferTarget(this, destination);
  }

  hangUp(opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
    return hangUpVerb(this, opts);
  }

  consult(destination: string | DialTarget, opts: VerbOptions = {}): Promise<void> {
    return consult(this, destination, opts);
  }

  completeConsult(opts: VerbOptions = {}): Promise<void> {
    return completeConsult(this, opts);
  }

  cancelConsult(opts: VerbOptions = {}): Promise<void> {
    return cancelConsult(this, opts);
  }

  conference(destination: string | DialTarget, opts: VerbOptions & { role?: ConferenceRoleName; sipOnly?: boolean } = {}): Promise<void> {
    return conference(this, destination, opts);
  }

  setConferenceRole(role: ConferenceRoleName, opts: VerbOptions = {}): Promise<void> {
    return setConferenceRole(this, role, opts);
  }

  takeOver(opts: VerbOptions = {}): Promise<void> {
    return takeOver(this, opts);
  }

  endConference(opts: VerbOptions = {}): Promise<void> {
    return endConference(this, opts);
  }

  pauseRecording(opts: VerbOptions = {}): Promise<void> {
    return pauseRecording(this, opts);
  }

  resumeRecording(opts: VerbOptions = {}): Promise<void> {
    return resumeRecording(this, opts);
  }

  /** Ends the call from the platform side (shutdown, supervisor, caps). */
  hangup(): void {
    platformHangup(this);
  }

  answer(ref: LegRef, opts: VerbOptions & { early?: boolean } = {}): Promise<void> {
    return answerLeg(this, ref, opts);
  }

  play(ref: LegRef, source: PlaySource, opts: PlayVerbOptions = {}): Promise<PlayOutcome> {
    return playTo(this, ref, source, opts);
  }

  say(ref: LegRef, text: string, opts: PlayVerbOptions & { language?: 'zh-CN' | 'en' } = {}): Promise<PlayOutcome> {
    return sayTo(this, ref, text, opts);
  }

  collect(ref: LegRef, opts: CollectOptions): Promise<string> {
    return collectFrom(this, ref, opts);
  }

  park(ref: LegRef, opts: VerbOptions & { music?: PlaySource } = {}): Promise<void> {
    return parkLeg(this, ref, opts);
  }

  unpark(ref: LegRef, opts: VerbOptions = {}): Promise<void> {
    return unparkLeg(this, ref, opts);
  }

  ring(target: DialTarget, opts: RingOptions = {}): Promise<string> {
    return ringTarget(this, target, opts);
  }

  bridge(a: LegRef, b: LegRef, opts: VerbOptions = {}): Promise<void> {
    return bridgeLegs(this, a, b, opts);
  }

  unbridge(opts: VerbOptions = {}): Promise<void> {
    return unbridgeLegs(this, opts);
  }

  hangUpLeg(ref: LegRef, opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
    return hangUpOneLeg(this, ref, opts);
  }

  setUnbridgedOutcome(outcome: UnbridgedOutcome): void {
    this.unbridgedFinal = outcome;
  }

  takeMessage(opts: VerbOptions = {}): Promise<boolean> {
    return takeMessage(this, opts);
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

  /**
   * The catch of a verb nobody waits for (ringback, an early answer): a failure is logged; the call
   * having moved on meanwhile (ended, answered already, cancelled) is not one.
   */
  readonly verbFailed = (err: unknown): void => {
    if (err instanceof CallVerbError && (err.code === 'aborted' || err.code === 'bad-state')) return;
    this.deps.onError?.(err);
  };

  now(): Date {
    return new Date(this.deps.clock.wallNow());
  }

  start(): Promise<void> {
    return startRoutedCall(this);
  }

  // ---- DialHost: what the dial step asks of the call ----

  openMedia(signallingHost: string, opts: { webrtc?: boolean } = {}): Promise<{ endpoint: MediaEndpoint; sdp: string }> {
    // The phone's RTP may come from where its SIP does (NAT), not from its SDP address. A browser
    // gets a WebRTC offer (the media engine terminates ICE-lite and DTLS-SRTP on its leg).
    const step = opts.webrtc === true ? ({ kind: 'offer', webrtc: true } as const) : ({ kind: 'offer' } as const);
    return this.deps.media.createEndpointWithSdp(step, endpointOptions(this, 'callee', signallingHost)).then((made) => {
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
    const party = a.target.kind === 'pstn' ? { kind: 'pstn' as const, number: a.target.number } : { kind: 'sip' as const, username: a.target.username };
    this.report.legCreated(a.leg.id, 'outbound', party, { tenantId: this.tenantId, seq: a.seq, target: a.target.kind === 'pstn' ? a.target.number : a.target.username, kind: a.target.kind, startedAt: a.startedAt, ...a.tag });
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
    // Digits (SIP INFO) reach a driver's collect whatever the call's state (an IVR before any bridge).
    const anyState = tx.request.method === 'INFO' || tx.request.method === 'OPTIONS';
    if (anyState && this.state !== 'ended') return void forwardInDialogRequest(this, leg, tx);
    const sideStep = this.state === 'held' || this.state === 'consulting' || this.state === 'conferenced';
    if (this.state !== 'answered' && !(sideStep && !offer)) {
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
    // A consulted phone or a conference's third party still up goes with the call.
    const third = this.consultation?.leg ?? this.conferencing?.third;
    third?.sip.hangup();
    if (this.conferencing?.room) this.background(this.conferencing.room.destroy());
    try {
      if (this.caller) mediaStats.caller = await this.caller.media.stats();
      if (callee) mediaStats.callee = await callee.media.stats();
      if (third) mediaStats.third = await third.media.stats();
    } catch {
      // Stats are a nicety; the record is not.
    }
    if (this.recordingPauses.length > 0) mediaStats.recordingPauses = recordedPauses(this.recordingPauses, endedAt);
    const recordingPath = await finishCallRecording(this.recording);
    if (this.recording) this.report.recording('recording.stopped');
    const end: CallRecordEnd = { endedAt, outcome: r.outcome, sipStatus: r.status, sipReason: r.reason, endedBy: r.endedBy, mediaStats, attempts: this.attempts() };
    if (recordingPath) end.recordingPath = recordingPath;
    if (callee) end.answeringNumber = answeringNumberOf(callee);
    if (this.answeredAt) end.answeredAt = this.answeredAt;
    const recorded = this.report.callEnded(previous, { outcome: r.outcome, sipStatus: r.status, reason: r.reason, endedBy: r.endedBy }, end);
    const media = new Set<MediaEndpoint>();
    for (const leg of [callee, ...this.departed, ...this.legMap.values(), this.caller]) if (leg) media.add(leg.media);
    for (const m of media) this.background(m.destroy());
    for (const leg of this.legMap.values()) leg.digits?.dispose();
    this.deps.onEnded(this, recorded);
  }
}
