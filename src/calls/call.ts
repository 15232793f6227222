/**
 * One call to a 400 number: the caller's inbound leg, the attempts to reach bound phones
 * (one at a time in order, or all at once — first answer wins), the media bridge between the
 * caller and whoever answers, and the call record.
 */
import { randomUUID } from 'node:crypto';
import type { SipResponse } from '../sip/message/message.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import type { TimerHandle, Clock } from '../sip/clock.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import type { CreateEndpointOptions, MediaEndpoint, MediaEngine } from '../media/media-engine.ts';
import type { AttemptRecord, CallAnswer, CallRecordEnd, EndedBy, RecordOutcome } from '../cdr/call-record.ts';
import type { Recording } from '../media/media-engine.ts';
import type { DialTarget, RouteDecision } from './call-router.ts';
import type { AttemptFailure } from './call-outcome.ts';
import { finalForFailure, nextForward, worstFailure } from './call-outcome.ts';
import type { ForwardsUsed } from './call-outcome.ts';
import type { InboundLeg, InboundLegListener } from './inbound-leg.ts';
import { OutboundLeg } from './outbound-leg.ts';
import { dialRoute } from './dial-route.ts';
import { finishCallRecording, startCallRecording } from './call-recording.ts';
import type { OutboundLegListener } from './outbound-leg.ts';
import { forwardInDialogRequest } from './in-dialog-requests.ts';
import type { CallFlowContext, CallFlowHooks, PreDialResult } from '../flows/call-flow-hooks.ts';
import type { CallerFinal } from './call-outcome.ts';

export type CallState = 'setup' | 'dialing' | 'answered' | 'ended';

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
}

interface Attempt {
  leg: OutboundLeg;
  media: MediaEndpoint;
  target: DialTarget;
  startedAt: Date;
}

export class Call implements InboundLegListener, OutboundLegListener {
  readonly id = randomUUID();
  state: CallState = 'setup';
  answeredAt: Date | undefined;
  private callerMedia: MediaEndpoint | undefined;
  private callerAnswerSdp = '';
  private readonly pending: DialTarget[];
  private readonly attempts = new Set<Attempt>();
  private answered: Attempt | undefined;
  private earlyBridged: Attempt | undefined;
  private readonly failures: AttemptFailure[] = [];
  private ringTimer: TimerHandle | undefined;
  private recording: Recording | undefined;
  private readonly attemptLog: AttemptRecord[] = [];
  /** R5: the current stage's ring timeout, and forwards made so far (stage = failures from stageStart). */
  private ringTimeoutMs: number;
  private readonly forwardsUsed: ForwardsUsed = { busy: 0, noAnswer: 0, total: 0 };
  private stageStart = 0;
  /** Serialises offer/answer exchanges: a second re-INVITE while one is open gets 491. */
  renegotiating = false;
  /** Ends the flow's prompts, digit waits and voicemail when the call ends. */
  private readonly flowAbort = new AbortController();
  /** R13: set while voicemail has the caller; the record keeps this (nobody answered). */
  private voicemailFinal: CallerFinal | undefined;

  constructor(
    private readonly deps: CallDeps,
    readonly inbound: InboundLeg,
    readonly plan: DialPlan,
    readonly callerNumber: string,
  ) {
    this.pending = [...plan.targets];
    this.ringTimeoutMs = plan.ringTimeoutMs;
  }

  get contact() {
    return this.deps.ua.contact();
  }

  get answeredMedia(): MediaEndpoint | undefined {
    return this.answered?.media;
  }

  get callerEndpoint(): MediaEndpoint | undefined {
    return this.callerMedia;
  }

  otherLegOf(leg: InboundLeg | OutboundLeg): InboundLeg | OutboundLeg | undefined {
    return leg === this.inbound ? this.answered?.leg : this.inbound;
  }

  mediaOf(leg: InboundLeg | OutboundLeg): MediaEndpoint | undefined {
    return leg === this.inbound ? this.callerMedia : this.answered?.media;
  }

  async start(): Promise<void> {
    const refusal = this.plan.refusal;
    if (refusal) {
      // R3/R6: refused by the number's policy before anything rings; the record keeps why.
      this.inbound.reject(refusal.status, refusal.reason);
      return this.end({ outcome: refusal.outcome, status: refusal.status, reason: refusal.reason, endedBy: 'platform' });
    }
    try {
      // One request to the engine for the endpoint and its answer (it may live in another thread).
      const offer = this.inbound.invite.body.toString('utf8');
      const made = await this.deps.media.createEndpointWithSdp({ kind: 'answer', offer }, this.endpointOptions('caller', this.inbound.tx.source.address));
      this.callerMedia = made.endpoint;
      this.watchMedia(made.endpoint);
      this.callerAnswerSdp = made.sdp;
    } catch (err) {
      // RFC 3261 §13.3.1: an offer we cannot accept gets 488 Not Acceptable Here.
      const status = (err as { code?: string }).code === 'ports-exhausted' ? 503 : 488;
      this.inbound.reject(status, status === 503 ? 'Media Resources Exhausted' : 'Not Acceptable Here');
      return this.end({ outcome: 'failed', status, reason: 'media setup failed', endedBy: 'platform' });
    }
    if (this.state !== 'setup') return; // cancelled while media was set up
    if (!(await this.runFlow(this.callerMedia))) return;
    this.state = 'dialing';
    if (this.plan.strategy === 'simultaneous') {
      const all = this.pending.splice(0);
      await Promise.all(all.map((t) => this.dial(t)));
    } else {
      await this.dialNext();
    }
  }

  /** The number's pre-dial flow, then its ringback; false when the call ended or was refused. */
  private async runFlow(callerMedia: MediaEndpoint): Promise<boolean> {
    const flow = this.deps.flow;
    const dialAll: PreDialResult = { kind: 'dial' };
    const r = flow?.preDial ? await flow.preDial(this.flowContext(callerMedia), this.pending).catch(() => dialAll) : dialAll;
    if (this.state !== 'setup') return false; // the caller hung up during the flow
    if (r.kind === 'refuse') {
      this.inbound.reject(r.status, r.reason);
      await this.end({ outcome: r.outcome, status: r.status, reason: r.reason, endedBy: 'platform' });
      return false;
    }
    if (r.targets) this.pending.splice(0, this.pending.length, ...r.targets);
    if (flow?.ringback) {
      // R9: the tenant's audio as early media until a phone answers (connect() ends the play).
      this.inbound.provisional(183, 'Session Progress', this.callerAnswerSdp);
      void callerMedia.play(flow.ringback, { loop: true, signal: this.flowAbort.signal }).catch(() => undefined);
    }
    return true;
  }

  private flowContext(media: MediaEndpoint): CallFlowContext {
    return {
      callId: this.id,
      media,
      signal: this.flowAbort.signal,
      earlyMedia: () => this.inbound.provisional(183, 'Session Progress', this.callerAnswerSdp),
      answer: () => this.inbound.answer(this.callerAnswerSdp),
    };
  }

  /** R13: nobody answered and the number takes messages; true when voicemail took the call. */
  private offerVoicemail(final: CallerFinal): boolean {
    if (this.voicemailFinal) return true; // already taking the message
    const voicemail = this.deps.flow?.voicemail;
    if (!voicemail || !this.callerMedia) return false;
    this.voicemailFinal = final;
    // The last phone may have failed (busy) before its ring timer ran out: voicemail has its own end.
    if (this.ringTimer) this.deps.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
    void voicemail(this.flowContext(this.callerMedia)).catch(() => undefined).then(() => {
      this.inbound.hangup();
      return this.end({ ...final, endedBy: 'platform' });
    });
    return true;
  }

  // ---- outbound attempts ----

  private async dialNext(): Promise<void> {
    const target = this.pending.shift();
    if (!target) return this.giveUp();
    await this.dial(target);
  }

  private async dial(target: DialTarget): Promise<void> {
    if (this.state !== 'dialing') return;
    const route = dialRoute(target);
    if (!route) {
      this.failures.push({ kind: 'response', status: 480, reason: 'Not Registered' });
      return this.afterAttemptEnded();
    }
    let media: MediaEndpoint;
    let offer: string;
    try {
      // The phone's RTP may come from where its SIP does (NAT), not from its SDP address.
      ({ endpoint: media, sdp: offer } = await this.deps.media.createEndpointWithSdp({ kind: 'offer' }, this.endpointOptions('callee', route.target.host)));
      this.watchMedia(media);
    } catch (err) {
      this.failures.push({ kind: 'unreachable', detail: `media: ${(err as Error).message}` });
      return this.afterAttemptEnded();
    }
    if (this.state !== 'dialing') {
      this.background(media.destroy());
      return;
    }
    const inboundMf = this.inbound.invite.headers.maxForwards() ?? 70;
    const leg = new OutboundLeg(this.deps.ua, {
      requestUri: route.requestUri,
      target: route.target,
      callerNumber: this.callerNumber,
      maxForwards: Math.max(1, inboundMf - 1),
      sdpOffer: offer,
      answeringNumber: route.answering,
    }, this);
    this.attempts.add({ leg, media, target, startedAt: this.now() });
    this.armRingTimer();
    leg.start();
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
      if (this.state !== 'answered' || (media !== this.callerMedia && media !== this.answered?.media)) return;
      if (!this.answeredAt || this.deps.clock.now() - this.answeredAt.getTime() < timeoutMs) return;
      this.hangUpAnswered('RTP timeout');
    });
  }

  /** Work nobody waits for: a failure is logged, never an unhandled rejection. */
  private background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.deps.onError?.(err));
  }

  private armRingTimer(): void {
    if (this.ringTimer) this.deps.clock.clearTimeout(this.ringTimer);
    this.ringTimer = this.deps.clock.setTimeout(() => this.onRingTimeout(), this.ringTimeoutMs);
  }

  private onRingTimeout(): void {
    this.ringTimer = undefined;
    if (this.state !== 'dialing') return;
    for (const a of [...this.attempts]) {
      a.leg.cancel();
      this.logAttempt(a, 'no_answer', null);
      this.dropAttempt(a);
      this.failures.push({ kind: 'ring-timeout' });
    }
    void this.afterAttemptEnded();
  }

  private attemptOf(leg: OutboundLeg): Attempt | undefined {
    for (const a of this.attempts) if (a.leg === leg) return a;
    return undefined;
  }

  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  private logAttempt(a: Attempt, result: AttemptRecord['result'], sipStatus: number | null): void {
    this.attemptLog.push({
      target: a.target.kind === 'pstn' ? a.target.number : a.target.username,
      kind: a.target.kind,
      startedAt: a.startedAt,
      endedAt: this.now(),
      result,
      sipStatus,
    });
  }

  private dropAttempt(a: Attempt): void {
    this.attempts.delete(a);
    if (this.earlyBridged === a) this.earlyBridged = undefined;
    this.background(a.media.destroy());
  }

  private async afterAttemptEnded(): Promise<void> {
    if (this.state !== 'dialing' || this.attempts.size > 0) return;
    if (this.pending.length > 0) return this.dialNext();
    this.giveUp();
  }

  private giveUp(): void {
    if (this.state !== 'dialing') return;
    if (this.forwardOnFailure()) return;
    const final = worstFailure(this.failures);
    if (this.offerVoicemail(final)) return;
    this.inbound.reject(final.status, final.reason);
    void this.end({ outcome: final.outcome, status: final.status, reason: final.reason, endedBy: 'callee' });
  }

  /** R5: the stage that just ended busy / unanswered hands the call to the next forwarding number. */
  private forwardOnFailure(): boolean {
    const f = this.plan.forwarding;
    if (!f) return false;
    const next = nextForward(f, this.forwardsUsed, worstFailure(this.failures.slice(this.stageStart)));
    if (!next) return false;
    this.stageStart = this.failures.length;
    this.ringTimeoutMs = f.ringTimeoutMs;
    this.pending.push(next);
    void this.dialNext();
    return true;
  }

  onRinging(leg: OutboundLeg, res: SipResponse): void {
    const a = this.attemptOf(leg);
    if (!a || this.state !== 'dialing') return;
    if (this.deps.flow?.ringback) return; // R9: the caller hears the tenant's ringback instead
    if (res.body.length > 0 && !this.earlyBridged && this.callerMedia) {
      // Early media (183 with SDP): the caller hears the phone's own ringback or 彩铃.
      this.earlyBridged = a;
      const callerMedia = this.callerMedia;
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

  onAnswered(leg: OutboundLeg, res: SipResponse): void {
    const a = this.attemptOf(leg);
    if (!a || this.state !== 'dialing' || !this.callerMedia) {
      leg.hangup();
      return;
    }
    this.state = 'answered';
    this.answered = a;
    if (this.ringTimer) this.deps.clock.clearTimeout(this.ringTimer);
    this.logAttempt(a, 'answered', res.status);
    for (const other of [...this.attempts]) {
      if (other === a) continue;
      other.leg.cancel();
      this.logAttempt(other, 'cancelled', null);
      this.dropAttempt(other);
    }
    const callerMedia = this.callerMedia;
    void (async () => {
      try {
        if (this.earlyBridged !== a) await a.media.setRemoteAnswer(res.body.toString('utf8'));
        else await a.media.setRemoteAnswer(res.body.toString('utf8')).catch(() => undefined);
        await callerMedia.connect(a.media);
      } catch {
        // The phone answered with SDP we cannot use: the call cannot carry audio.
        leg.hangup();
        this.inbound.reject(488, 'Not Acceptable Here');
        return this.end({ outcome: 'failed', status: 488, reason: 'callee SDP not usable', endedBy: 'platform' });
      }
      this.answeredAt = this.now();
      this.inbound.answer(this.callerAnswerSdp);
      this.deps.onAnswered?.(this, { answeredAt: this.answeredAt, answeringNumber: a.leg.spec.answeringNumber, answeringKind: a.target.kind, attempts: [...this.attemptLog] });
      await this.startRecording(callerMedia, a.media);
    })();
  }

  onFailed(leg: OutboundLeg, failure: AttemptFailure): void {
    const a = this.attemptOf(leg);
    if (!a) return;
    const final = finalForFailure(failure);
    this.logAttempt(a, final.outcome, failure.kind === 'response' ? failure.status : null);
    this.dropAttempt(a);
    this.failures.push(failure);
    void this.afterAttemptEnded();
  }

  // ---- hangups ----

  onCancel(): void {
    // A CANCEL may cross the phone's 200 while we are still bridging: that leg is hung up.
    this.answered?.leg.hangup();
    for (const a of [...this.attempts]) {
      a.leg.cancel();
      this.logAttempt(a, 'cancelled', null);
      this.dropAttempt(a);
    }
    // §9.2: after answering the CANCEL, "the UAS SHOULD respond to the INVITE with a 487".
    this.inbound.reject(487, 'Request Terminated');
    void this.end({ outcome: 'cancelled', status: 487, reason: 'Request Terminated', endedBy: 'caller' });
  }

  onRemoteHangup(leg: InboundLeg | OutboundLeg): void {
    const byCaller = leg === this.inbound;
    if (this.voicemailFinal && byCaller) return void this.end({ ...this.voicemailFinal, endedBy: 'caller' });
    if (byCaller) this.answered?.leg.hangup();
    else this.inbound.hangup();
    void this.end({ outcome: 'answered', status: 200, reason: 'OK', endedBy: byCaller ? 'caller' : 'callee' });
  }

  onAckTimeout(): void {
    this.answered?.leg.hangup();
    this.inbound.hangup();
    if (this.voicemailFinal) return void this.end({ ...this.voicemailFinal, endedBy: 'platform' });
    void this.end({ outcome: 'answered', status: 200, reason: 'ACK never received', endedBy: 'platform' });
  }

  /** Ends the call from the platform side (shutdown, supervisor, caps). */
  hangup(): void {
    if (this.state === 'answered') {
      this.hangUpAnswered('OK');
    } else if (this.state !== 'ended') {
      for (const a of [...this.attempts]) a.leg.cancel();
      this.inbound.reject(503, 'Service Unavailable');
      this.inbound.hangup(); // voicemail had answered the caller
      void this.end({ outcome: 'failed', status: 503, reason: 'platform shutdown', endedBy: 'platform' });
    }
  }

  /** An answered call ended by the platform: BYE to both sides; `reason` goes in the record. */
  private hangUpAnswered(reason: string): void {
    this.answered?.leg.hangup();
    this.inbound.hangup();
    void this.end({ outcome: 'answered', status: 200, reason, endedBy: 'platform' });
  }

  private async startRecording(callerMedia: MediaEndpoint, calleeMedia: MediaEndpoint): Promise<void> {
    const path = this.deps.recordingPath?.(this);
    if (!path || this.state !== 'answered') return;
    this.recording = await startCallRecording(callerMedia, calleeMedia, path, () => this.state === 'answered');
  }

  onRequest(leg: InboundLeg | OutboundLeg, tx: ServerTransaction): void {
    if (this.state !== 'answered') {
      tx.respond(createResponse(tx.request, tx.request.method === 'OPTIONS' ? 200 : 491));
      return;
    }
    void forwardInDialogRequest(this, leg, tx);
  }

  private async end(r: { outcome: Exclude<RecordOutcome, 'interrupted'>; status: number; reason: string; endedBy: EndedBy }): Promise<void> {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.flowAbort.abort(CALL_ENDED);
    if (this.ringTimer) this.deps.clock.clearTimeout(this.ringTimer);
    const endedAt = new Date(this.deps.clock.now());
    const mediaStats: Record<string, unknown> = {};
    const answered = this.answered;
    try {
      if (this.callerMedia) mediaStats.caller = await this.callerMedia.stats();
      if (answered) mediaStats.callee = await answered.media.stats();
    } catch {
      // Stats are a nicety; the record is not.
    }
    const recordingPath = await finishCallRecording(this.recording);
    for (const a of [...this.attempts]) {
      if (a !== answered) this.logAttempt(a, 'cancelled', null);
      this.dropAttempt(a);
    }
    if (this.callerMedia) this.background(this.callerMedia.destroy());
    const end: CallRecordEnd = { endedAt, outcome: r.outcome, sipStatus: r.status, sipReason: r.reason, endedBy: r.endedBy, mediaStats, attempts: this.attemptLog };
    if (recordingPath) end.recordingPath = recordingPath;
    if (answered) end.answeringNumber = answered.leg.spec.answeringNumber;
    if (this.answeredAt) end.answeredAt = this.answeredAt;
    this.deps.onEnded(this, end);
  }
}
