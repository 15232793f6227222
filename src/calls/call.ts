/**
 * One call: the legs it owns (today the caller's inbound leg and the phone that answered), their
 * anchored media, the bridge between them, and the call record. Where the call goes is not decided
 * here: the caller's number's plan is rung by the dial step (dial.ts); the call's state is the
 * table in call-state.ts.
 */
import { randomUUID } from 'node:crypto';
import type { SipResponse } from '../sip/message/message.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import type { Clock } from '../kernel/clock.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { CreateEndpointOptions, MediaDirection, MediaEndpoint, MediaEngine, PlaySource } from '../media/media-engine.ts';
import type { AttemptRecord, CallAnswer, CallRecordEnd, EndedBy, RecordOutcome } from '../cdr/call-record.ts';
import type { Recording } from '../media/media-engine.ts';
import type { DialTarget, RouteDecision } from './call-router.ts';
import type { TransferTargets } from './transfer-targets.ts';
import type { CallerFinal } from './call-outcome.ts';
import type { InboundLeg, InboundLegListener } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import { finishCallRecording, startCallRecording } from './call-recording.ts';
import { forwardInDialogRequest } from './in-dialog-requests.ts';
import type { CallFlowContext, CallFlowHooks, PreDialResult } from './ports.ts';
import type { CallEvent, CallState } from './call-state.ts';
import { callTransition } from './call-state.ts';
import type { OfferAnswerState } from './offer-answer-state.ts';
import { offerAnswerTransition } from './offer-answer-state.ts';
import { Dial } from './dial.ts';
import type { DialAttempt, DialHost, DialResult } from './dial.ts';
import type { CallEventSink, LegEndReason } from './call-events.ts';
import { CallReporter } from './call-reporter.ts';
import type { Direction } from './sdp-direction.ts';
import type { ControlledCall, LegRef, VerbOptions } from './call-control.ts';
import { CallVerbError, throwIfAborted } from './call-verb-error.ts';
import { reofferDirection } from './reoffer.ts';
import { DEFAULT_HOLD_MUSIC } from './hold-music.ts';
import type { Q850Cause } from './q850.ts';
import { Q850_CAUSES, q850Reason } from './q850.ts';
import { handleRefer } from './refer.ts';
import type { ReferHost } from './refer.ts';

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

type Ending = { outcome: Exclude<RecordOutcome, 'interrupted'>; status: number; reason: string; endedBy: EndedBy };

export class Call implements InboundLegListener, DialHost, ControlledCall, ReferHost {
  readonly id = randomUUID();
  state: CallState = 'setup';
  /** One offer/answer exchange at a time once answered (RFC 3261 §14.1). */
  offerAnswer: OfferAnswerState = 'stable';
  answeredAt: Date | undefined;
  /** The caller's leg once its media is anchored. */
  private caller: CallLeg | undefined;
  private callerAnswerSdp = '';
  /** The phone's leg that answered, bridged to the caller. */
  private callee: (CallLeg & { readonly sip: OutboundLeg }) | undefined;
  /** The ringing phone whose early media (183) the caller hears, if any. */
  private earlyMedia: MediaEndpoint | undefined;
  private dial: Dial | undefined;
  /** Attempts of transfers, after the dial step's (the record keeps them all). */
  private readonly transferLog: AttemptRecord[] = [];
  /** Legs that left the call (a transferor): their media lives until the call ends (the recording may use it). */
  private readonly departed: CallLeg[] = [];
  private recording: Recording | undefined;
  /** Ends the flow's prompts, digit waits, voicemail and the dial step when the call ends. */
  private readonly lifetime = new AbortController();
  /** R13: what the record says when voicemail took the caller (nobody answered). */
  private voicemailFinal: CallerFinal | undefined;
  /** The call's typed events: every emit point is a `this.report.…` line. */
  private readonly report: CallReporter;
  /** While the call is held: the held leg and the control of its music. */
  private held: { leg: CallLeg; music: AbortController } | undefined;

  constructor(
    private readonly deps: CallDeps,
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
  private legByRef(ref: LegRef): CallLeg {
    const leg = ref === 'caller' ? this.caller : ref === 'callee' ? this.callee : [this.caller, this.callee].find((l) => l?.id === ref);
    if (!leg) throw new CallVerbError('no-such-leg', `no leg ${ref} in this call`);
    return leg;
  }

  parties(): string[] {
    const out = [this.callerNumber];
    if (this.callee) out.push(this.callee.sip.spec.answeringNumber);
    return out;
  }

  // ---- verbs ----

  async hold(ref: LegRef, opts: VerbOptions & { music?: PlaySource } = {}): Promise<void> {
    const leg = this.legByRef(ref);
    if (this.state !== 'answered') throw new CallVerbError('bad-state', `cannot hold a call that is ${this.state}`);
    throwIfAborted(opts.signal);
    if (!this.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
    try {
      await this.reoffer(leg, 'sendonly');
      if (!this.step('hold')) throw new CallVerbError('bad-state', `the call became ${this.state}`);
      const music = new AbortController();
      this.held = { leg, music };
      this.report.legHeld(leg.id, true);
      await leg.media.disconnect();
      void leg.media.play(opts.music ?? DEFAULT_HOLD_MUSIC, { loop: true, signal: music.signal }).catch((err: unknown) => this.deps.onError?.(err));
    } finally {
      this.endOfferAnswer();
    }
  }

  async unhold(opts: VerbOptions = {}): Promise<void> {
    const held = this.held;
    if (this.state !== 'held' || !held) throw new CallVerbError('bad-state', `cannot unhold a call that is ${this.state}`);
    const other = this.otherLegOf(held.leg.sip);
    throwIfAborted(opts.signal);
    if (!this.beginOfferAnswer()) throw new CallVerbError('busy', 'an offer/answer exchange is under way');
    try {
      await this.reoffer(held.leg, 'sendrecv');
      if (this.state !== 'held' || !this.step('unhold')) throw new CallVerbError('bad-state', `the call became ${this.state}`);
      held.music.abort();
      this.held = undefined;
      this.report.legHeld(held.leg.id, false);
      if (other) await held.leg.media.connect(other.media);
    } finally {
      this.endOfferAnswer();
    }
  }

  /**
   * Blind transfer: the leg `ref` (the caller) stays and hears ringback while `destination` rings;
   * when it answers, the two are bridged and the phone that had the caller leaves (BYE). When it
   * does not, the caller is bridged back to that phone (if it is still there) and the verb fails
   * with `refused`. `onAnswered` runs once the new phone is bridged, before the old one is hung up
   * (a REFER's final NOTIFY goes then).
   */
  async transfer(ref: LegRef, destination: string | DialTarget, opts: VerbOptions & { onAnswered?: () => void } = {}): Promise<void> {
    const keep = this.legByRef(ref);
    const away = this.callee;
    if (keep !== this.caller || !away) throw new CallVerbError('bad-state', 'only the caller of a 400-number call can be transferred');
    if (this.state !== 'answered') throw new CallVerbError('bad-state', `cannot transfer a call that is ${this.state}`);
    const target = typeof destination === 'string' ? await this.transferTarget(destination) : destination;
    throwIfAborted(opts.signal);
    if (!this.step('transfer')) throw new CallVerbError('bad-state', `the call became ${this.state}`);
    const ringback = new AbortController();
    const signal = opts.signal ? AbortSignal.any([this.lifetime.signal, opts.signal]) : this.lifetime.signal;
    await keep.media.disconnect();
    void keep.media.play({ kind: 'tone', tone: 'ringback' }, { loop: true, signal: ringback.signal }).catch((err: unknown) => this.deps.onError?.(err));
    const dial = new Dial(this, { targets: [target], strategy: 'sequential', ringTimeoutMs: this.plan.ringTimeoutMs, callerNumber: this.callerNumber, maxForwards: 70 });
    const result = await dial.run(signal);
    ringback.abort();
    this.transferLog.push(...dial.log);
    if (!this.is('transferring')) {
      if (result.kind === 'answered') this.dropAnswered(result.attempt);
      throw new CallVerbError('aborted', 'the call ended during the transfer');
    }
    if (result.kind !== 'answered') {
      await this.transferFailed(keep, away);
      throw new CallVerbError(result.kind === 'aborted' ? 'aborted' : 'refused', result.kind === 'failed' ? `${result.final.status} ${result.final.reason}` : 'the transfer was cancelled');
    }
    const { attempt, res } = result;
    try {
      await attempt.media.setRemoteAnswer(res.body.toString('utf8'));
      await keep.media.connect(attempt.media);
    } catch {
      this.dropAnswered(attempt);
      await this.transferFailed(keep, away);
      throw new CallVerbError('refused', 'the new phone answered with SDP we cannot use');
    }
    this.callee = { id: attempt.leg.id, sip: attempt.leg, media: attempt.media, offered: 'sendrecv' };
    this.departed.push(away);
    this.step('transfer-done');
    this.report.legProgressed(attempt.leg.id, 'answered');
    this.report.bridged([keep.id, attempt.leg.id], 'transferring', 'answered');
    this.report.transferred(keep.id, attempt.target.kind === 'pstn' ? { kind: 'pstn', number: attempt.target.number } : { kind: 'sip', username: attempt.target.username }, 'blind');
    opts.onAnswered?.();
    away.sip.hangup(q850Reason(16));
    this.report.legEnded(away.id, 'hangup', null);
    // The caller may still be on the hold the old phone asked for (passed through): take it off.
    if (keep.offered !== 'sendrecv') await this.reoffer(keep, 'sendrecv').catch((err: unknown) => this.deps.onError?.(err));
  }

  /** The transfer target failed: the caller goes back to the phone that had them, when it is still up. */
  private async transferFailed(keep: CallLeg, away: CallLeg): Promise<void> {
    if (this.state !== 'transferring') return;
    this.step('transfer-done');
    if (away.sip.state === 'ended') {
      // The transferor hung up meanwhile (a blind transfer): nobody is left to talk to.
      return this.hangUpAnswered('transfer failed');
    }
    await keep.media.connect(away.media).catch((err: unknown) => this.deps.onError?.(err));
  }

  private dropAnswered(a: DialAttempt): void {
    a.leg.hangup();
    this.background(a.media.destroy());
  }

  isCallee(leg: InboundLeg | OutboundLeg): boolean {
    return this.callee?.sip === leg;
  }

  /** Where `destination` rings if the tenant's transfer policy allows it; CallVerbError('forbidden') otherwise. */
  async transferTarget(destination: string): Promise<DialTarget> {
    const r = this.deps.transferTargets ? await this.deps.transferTargets.resolve(this.tenantId, destination) : { kind: 'refused' as const, reason: 'transfers are not enabled' };
    if (r.kind === 'refused') throw new CallVerbError('forbidden', r.reason);
    return r.target;
  }

  /** Our re-INVITE with `direction`, remembered on the leg. */
  private async reoffer(leg: CallLeg, direction: MediaDirection): Promise<void> {
    await reofferDirection(leg, direction);
    leg.offered = direction;
  }

  async hangUp(opts: VerbOptions & { cause?: Q850Cause } = {}): Promise<void> {
    throwIfAborted(opts.signal);
    const cause = opts.cause ?? 16;
    if (this.state === 'ended') throw new CallVerbError('bad-state', 'the call has ended');
    if (this.state === 'answered' || this.state === 'held') return this.hangUpAnswered(Q850_CAUSES[cause], q850Reason(cause));
    // Not answered yet: the caller gets a final response that says why.
    const status = cause === 17 ? 486 : cause === 21 ? 603 : 480;
    this.inbound.reject(status, Q850_CAUSES[cause]);
    this.inbound.hangup(q850Reason(cause)); // voicemail had answered the caller
    await this.end({ outcome: 'failed', status, reason: Q850_CAUSES[cause], endedBy: 'platform' });
  }

  /** The state now (read after an await, where the compiler's narrowing no longer holds). */
  private is(state: CallState): boolean {
    return this.state === state;
  }

  /** Moves the call's state machine; false when the event does not apply now. */
  private step(event: CallEvent): boolean {
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

  async start(): Promise<void> {
    const callerNumber = this.deps.caller?.number ?? this.callerNumber;
    const username = this.deps.caller?.username;
    this.report.callCreated({ direction: 'inbound', number400: this.plan.number400, callerNumber });
    this.report.legCreated(this.inbound.id, 'inbound', username ? { kind: 'sip', username } : { kind: 'pstn', number: callerNumber });
    const refusal = this.plan.refusal;
    if (refusal) {
      // R3/R6: refused by the number's policy before anything rings; the record keeps why.
      this.inbound.reject(refusal.status, refusal.reason);
      return this.end({ outcome: refusal.outcome, status: refusal.status, reason: refusal.reason, endedBy: 'platform' });
    }
    try {
      // One request to the engine for the endpoint and its answer (it may live in another thread);
      // for a late-offer INVITE, our offer (it goes in the 2xx; the answer comes in the ACK).
      const offer = this.inbound.invite.body.toString('utf8');
      const sdpStep = this.inbound.lateOffer ? ({ kind: 'offer' } as const) : ({ kind: 'answer', offer } as const);
      const made = await this.deps.media.createEndpointWithSdp(sdpStep, this.endpointOptions('caller', this.inbound.tx.source.address));
      if (this.state !== 'setup') {
        // Cancelled while media was set up: end() has run already.
        this.background(made.endpoint.destroy());
        return;
      }
      this.caller = { id: this.inbound.id, sip: this.inbound, media: made.endpoint, offered: 'sendrecv' };
      this.watchMedia(made.endpoint);
      this.watchDtmf(made.endpoint, this.inbound.id);
      this.callerAnswerSdp = made.sdp;
    } catch (err) {
      // RFC 3261 §13.3.1: an offer we cannot accept gets 488 Not Acceptable Here.
      const status = (err as { code?: string }).code === 'ports-exhausted' ? 503 : 488;
      this.inbound.reject(status, status === 503 ? 'Media Resources Exhausted' : 'Not Acceptable Here');
      return this.end({ outcome: 'failed', status, reason: 'media setup failed', endedBy: 'platform' });
    }
    const targets = await this.runFlow(this.caller.media);
    if (!targets || !this.step('dial')) return;
    const inboundMf = this.inbound.invite.headers.maxForwards() ?? 70;
    this.dial = new Dial(this, {
      targets,
      strategy: this.plan.strategy,
      ringTimeoutMs: this.plan.ringTimeoutMs,
      ...(this.plan.forwarding ? { forwarding: this.plan.forwarding } : {}),
      callerNumber: this.callerNumber,
      ...(this.plan.pstnCallerId ? { pstnCallerId: this.plan.pstnCallerId } : {}),
      maxForwards: Math.max(1, inboundMf - 1),
    });
    this.afterDial(await this.dial.run(this.lifetime.signal));
  }

  /** The number's pre-dial flow, then its ringback; the phones to ring, or undefined when the call ended or was refused. */
  private async runFlow(callerMedia: MediaEndpoint): Promise<DialPlan['targets'] | undefined> {
    const flow = this.deps.flow;
    const dialAll: PreDialResult = { kind: 'dial' };
    const r = flow?.preDial ? await flow.preDial(this.flowContext(callerMedia), this.plan.targets).catch(() => dialAll) : dialAll;
    if (this.state !== 'setup') return undefined; // the caller hung up during the flow
    if (r.kind === 'refuse') {
      this.inbound.reject(r.status, r.reason);
      await this.end({ outcome: r.outcome, status: r.status, reason: r.reason, endedBy: 'platform' });
      return undefined;
    }
    if (flow?.ringback) {
      // R9: the tenant's audio as early media until a phone answers (connect() ends the play).
      this.inbound.provisional(183, 'Session Progress', this.callerAnswerSdp);
      void callerMedia.play(flow.ringback, { loop: true, signal: this.lifetime.signal }).catch(() => undefined);
    }
    return r.targets ?? this.plan.targets;
  }

  private flowContext(media: MediaEndpoint): CallFlowContext {
    return {
      callId: this.id,
      media,
      signal: this.lifetime.signal,
      earlyMedia: () => this.inbound.provisional(183, 'Session Progress', this.callerAnswerSdp),
      answer: () => this.inbound.answer(this.callerAnswerSdp),
    };
  }

  private afterDial(r: DialResult): void {
    switch (r.kind) {
      case 'answered':
        return this.bridgeAnswered(r.attempt, r.res);
      case 'failed':
        if (this.state !== 'dialing') return;
        this.inbound.reject(r.final.status, r.final.reason);
        void this.end({ outcome: r.final.outcome, status: r.final.status, reason: r.final.reason, endedBy: 'callee' });
        return;
      case 'voicemail':
        if (this.state !== 'voicemail') return;
        this.inbound.hangup();
        void this.end({ ...r.final, endedBy: 'platform' });
        return;
      case 'aborted':
        return;
    }
  }

  // ---- DialHost: what the dial step asks of the call ----

  openMedia(signallingHost: string): Promise<{ endpoint: MediaEndpoint; sdp: string }> {
    // The phone's RTP may come from where its SIP does (NAT), not from its SDP address.
    return this.deps.media.createEndpointWithSdp({ kind: 'offer' }, this.endpointOptions('callee', signallingHost)).then((made) => {
      this.watchMedia(made.endpoint);
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

  /** R13: nobody answered and the number takes messages: voicemail has the caller. */
  voicemail(final: CallerFinal): Promise<void> | undefined {
    const voicemail = this.deps.flow?.voicemail;
    if (!voicemail || !this.caller || !this.step('voicemail')) return undefined;
    this.voicemailFinal = final;
    return voicemail(this.flowContext(this.caller.media));
  }

  attemptStarted(a: DialAttempt): void {
    this.report.legCreated(a.leg.id, 'outbound', a.target.kind === 'pstn' ? { kind: 'pstn', number: a.target.number } : { kind: 'sip', username: a.target.username });
    this.watchDtmf(a.media, a.leg.id);
  }

  attemptEnded(a: DialAttempt, reason: LegEndReason, sipStatus: number | null): void {
    this.report.legEnded(a.leg.id, reason, sipStatus);
  }

  ringing(a: DialAttempt, res: SipResponse): void {
    if (this.state !== 'dialing') return;
    this.report.legProgressed(a.leg.id, res.body.length > 0 ? 'early_media' : 'ringing');
    if (this.deps.flow?.ringback) return; // R9: the caller hears the tenant's ringback instead
    const callerMedia = this.caller?.media;
    if (res.body.length > 0 && !this.earlyMedia && callerMedia) {
      // Early media (183 with SDP): the caller hears the phone's own ringback or 彩铃.
      this.earlyMedia = a.media;
      void (async () => {
        try {
          await a.media.setRemoteAnswer(res.body.toString('utf8'));
          await callerMedia.connect(a.media);
          this.inbound.provisional(183, 'Session Progress', this.callerAnswerSdp);
        } catch {
          this.inbound.provisional(180, 'Ringing');
        }
      })();
      return;
    }
    this.inbound.provisional(180, 'Ringing');
  }

  /** A phone answered: its leg joins the call, bridged to the caller, who is answered. */
  private bridgeAnswered(a: DialAttempt, res: SipResponse): void {
    const caller = this.caller;
    if (!caller || !this.step('answer')) {
      a.leg.hangup();
      this.background(a.media.destroy());
      return;
    }
    this.callee = { id: a.leg.id, sip: a.leg, media: a.media, offered: 'sendrecv' };
    this.report.legProgressed(a.leg.id, 'answered');
    const heardEarly = this.earlyMedia === a.media;
    this.earlyMedia = undefined;
    void (async () => {
      try {
        if (!heardEarly) await a.media.setRemoteAnswer(res.body.toString('utf8'));
        else await a.media.setRemoteAnswer(res.body.toString('utf8')).catch(() => undefined);
        await caller.media.connect(a.media);
      } catch {
        // The phone answered with SDP we cannot use: the call cannot carry audio.
        a.leg.hangup();
        this.inbound.reject(488, 'Not Acceptable Here');
        return this.end({ outcome: 'failed', status: 488, reason: 'callee SDP not usable', endedBy: 'platform' });
      }
      this.answeredAt = this.now();
      this.inbound.answer(this.callerAnswerSdp);
      this.report.legProgressed(this.inbound.id, 'answered');
      this.report.bridged([this.inbound.id, a.leg.id], 'dialing', 'answered');
      this.deps.onAnswered?.(this, { answeredAt: this.answeredAt, answeringNumber: a.leg.spec.answeringNumber, answeringKind: a.target.kind, attempts: [...(this.dial?.log ?? [])] });
      await this.startRecording(caller.media, a.media);
    })();
  }

  /** One leg's endpoint: grouped with the call's other endpoints (one media worker), timed out when asked. */
  private endpointOptions(side: 'caller' | 'callee', signallingAddress: string): CreateEndpointOptions {
    const opts: CreateEndpointOptions = { label: `${this.id}:${side}`, group: this.id, signallingAddress };
    if (this.deps.mediaTimeoutMs) opts.mediaTimeoutMs = this.deps.mediaTimeoutMs;
    return opts;
  }

  /**
   * Silence before the answer is normal (carriers send no RTP while it rings); once answered, the
   * caller's or the answering phone's silence means the call is gone without a BYE. Only silence
   * a whole timeout after the answer counts (a caller's RTP starts a moment after our 200 OK);
   * the engine repeats the event while the silence lasts, so a leg that never sent is caught too.
   */
  private watchMedia(media: MediaEndpoint): void {
    const timeoutMs = this.deps.mediaTimeoutMs;
    if (!timeoutMs) return;
    media.onMediaTimeout.on(() => {
      if (this.state !== 'answered' || (media !== this.caller?.media && media !== this.callee?.media)) return;
      if (!this.answeredAt || this.deps.clock.wallNow() - this.answeredAt.getTime() < timeoutMs) return;
      void this.hangUpAnswered('RTP timeout');
    });
  }

  /** Work nobody waits for: a failure is logged, never an unhandled rejection. */
  private background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.deps.onError?.(err));
  }

  private now(): Date {
    return new Date(this.deps.clock.wallNow());
  }

  // ---- hangups ----

  onCancel(): void {
    // A CANCEL may cross the phone's 200 while we are still bridging: that leg is hung up.
    this.callee?.sip.hangup();
    // §9.2: after answering the CANCEL, "the UAS SHOULD respond to the INVITE with a 487".
    this.inbound.reject(487, 'Request Terminated');
    void this.end({ outcome: 'cancelled', status: 487, reason: 'Request Terminated', endedBy: 'caller' });
  }

  onRemoteHangup(leg: InboundLeg | OutboundLeg): void {
    const byCaller = leg === this.inbound;
    // A phone that transfers blind often hangs up at once: the transfer goes on without it.
    if (this.state === 'transferring' && !byCaller) return;
    if (this.state === 'voicemail' && byCaller && this.voicemailFinal) return void this.end({ ...this.voicemailFinal, endedBy: 'caller' });
    if (byCaller) this.callee?.sip.hangup();
    else this.inbound.hangup();
    void this.end({ outcome: 'answered', status: 200, reason: 'OK', endedBy: byCaller ? 'caller' : 'callee' });
  }

  onAckTimeout(): void {
    this.lostCaller('ACK never received');
  }

  /** Late offer: the caller's answer in its ACK completes the media; no usable answer ends the call (§13.2.1). */
  onAnswerInAck(_leg: InboundLeg, sdp: string): void {
    const media = this.caller?.media;
    if (!media) return;
    if (!sdp) return this.lostCaller('no SDP answer in ACK');
    media.setRemoteAnswer(sdp).catch(() => this.lostCaller('caller SDP answer not usable'));
  }

  /** The answered caller cannot go on (no ACK, no usable answer): BYE to both sides. */
  private lostCaller(reason: string): void {
    if (this.state === 'ended') return;
    this.callee?.sip.hangup();
    this.inbound.hangup();
    if (this.state === 'voicemail' && this.voicemailFinal) return void this.end({ ...this.voicemailFinal, endedBy: 'platform' });
    void this.end({ outcome: 'answered', status: 200, reason, endedBy: 'platform' });
  }

  /** Ends the call from the platform side (shutdown, supervisor, caps). */
  hangup(): void {
    if (this.state === 'answered' || this.state === 'held') {
      void this.hangUpAnswered('OK');
    } else if (this.state !== 'ended') {
      this.inbound.reject(503, 'Service Unavailable');
      this.inbound.hangup(); // voicemail had answered the caller
      void this.end({ outcome: 'failed', status: 503, reason: 'platform shutdown', endedBy: 'platform' });
    }
  }

  /** An answered call ended by the platform: BYE to both sides; `reason` goes in the record, `header` in the BYEs (RFC 3326). */
  private hangUpAnswered(reason: string, header?: string): Promise<void> {
    this.callee?.sip.hangup(header);
    this.inbound.hangup(header);
    return this.end({ outcome: 'answered', status: 200, reason, endedBy: 'platform' });
  }

  private async startRecording(callerMedia: MediaEndpoint, calleeMedia: MediaEndpoint): Promise<void> {
    const path = this.deps.recordingPath?.(this);
    if (!path || this.state !== 'answered') return;
    this.recording = await startCallRecording(callerMedia, calleeMedia, path, () => this.state === 'answered');
    if (this.recording) this.report.recording('recording.started');
  }

  /**
   * A phone's re-INVITE went through to the other side with this direction (in-dialog-requests):
   * sendonly/inactive puts the other leg on hold, sendrecv/recvonly takes it off.
   */
  directionChanged(by: InboundLeg | OutboundLeg, direction: Direction): void {
    const other = this.otherLegOf(by);
    if (other) this.report.legHeld(other.id, direction === 'sendonly' || direction === 'inactive', by.id);
  }

  /** Digits once the call is answered; those of the pre-dial flow (passwords, menus) are never published. */
  private watchDtmf(media: MediaEndpoint, legId: string): void {
    if (!this.report.enabled) return;
    media.onDtmf.on((d) => {
      if (this.state === 'answered') this.report.dtmf(legId, d);
    });
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

  private async end(r: Ending): Promise<void> {
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
