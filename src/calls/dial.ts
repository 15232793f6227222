/**
 * The dial step: "ring these phones" — one at a time in order or all at once (first answer wins),
 * each stage with its ring timeout, then R5's forwarding stages (busy / no answer), and R13's
 * voicemail when nobody answered. It drives outbound legs and reports through a `DialHost` (the
 * Call): routing's plan, flows and later the ACD and the dialer share it. Cancelled by its signal
 * (the caller hung up, the call ended): every leg still ringing is CANCELled and logged.
 */
import type { SipResponse } from '../sip/message/message.ts';
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import type { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import { isWebSocket } from '../sip/transport/address.ts';
import type { MediaEndpoint } from '../media/media-engine.ts';
import type { AttemptRecord } from '../cdr/call-record.ts';
import type { DialTarget, ForwardingStages } from './call-router.ts';
import type { AttemptTag } from './call-driver.ts';
import type { AttemptFailure, CallerFinal, ForwardsUsed } from './call-outcome.ts';
import { finalForFailure, nextForward, worstFailure } from './call-outcome.ts';
import { OutboundLeg } from './outbound-leg.ts';
import type { OutboundLegListener } from './outbound-leg.ts';
import { dialRoute } from './dial-route.ts';
import { dialTransition } from './dial-state.ts';
import type { DialPhase } from './dial-state.ts';

/** One phone being rung: its leg, its anchored media, what was dialled and when. */
export interface DialAttempt {
  /** Its place among the call's attempts (the leg record's key). */
  seq: number;
  /** An ACD offer's queue and agent, for the leg record. */
  tag?: AttemptTag;
  leg: OutboundLeg;
  media: MediaEndpoint;
  target: DialTarget;
  startedAt: Date;
}

export interface DialPlanSpec {
  /** In ring order. */
  targets: DialTarget[];
  strategy: 'sequential' | 'simultaneous';
  ringTimeoutMs: number;
  forwarding?: ForwardingStages;
  /** The number the phones see calling (R12). */
  callerNumber: string;
  /** The number PSTN legs show instead (RouteDecision.pstnCallerId: an agent's test call). */
  pstnCallerId?: string;
  maxForwards: number;
  /** What the leg records say the ring was for (RingOptions.tag). */
  tag?: AttemptTag;
}

/** What the dial step needs from its call. */
export interface DialHost {
  readonly ua: UserAgentCore;
  readonly clock: Clock;
  /**
   * A media endpoint for a phone's leg and the offer for its INVITE (the phone's SIP address hints
   * its RTP). `webrtc`: the phone is a browser (reached over a SIP WebSocket): offer WebRTC.
   */
  openMedia(signallingHost: string, opts?: { webrtc?: boolean }): Promise<{ endpoint: MediaEndpoint; sdp: string }>;
  /** The next attempt's `seq`: counted per call, across its dial step and transfers. */
  nextAttemptSeq(): number;
  /** A phone's leg was created and is about to be INVITEd (call events). */
  attemptStarted?(attempt: DialAttempt): void;
  /** An attempt is over, unanswered: busy, no answer, failed or cancelled (call events). */
  attemptEnded?(attempt: DialAttempt, result: Exclude<AttemptRecord['result'], 'answered'>, sipStatus: number | null): void;
  /** A phone is ringing (180/183): the caller hears it. */
  ringing(attempt: DialAttempt, res: SipResponse): void;
  /** An attempt is over without being answered: its media is released. */
  released(media: MediaEndpoint): void;
  /** In-dialog events of a leg once it answered (the dial step is done with it then). */
  readonly answeredLegListener: Pick<OutboundLegListener, 'onRemoteHangup' | 'onRequest'>;
  /**
   * R13: nobody answered; voicemail takes the caller when the number has it (resolves when the
   * message is done), else undefined.
   */
  voicemail(final: CallerFinal): Promise<void> | undefined;
}

export type DialResult =
  | { kind: 'answered'; attempt: DialAttempt; res: SipResponse }
  /** Nobody answered; `final` is what the caller is told (the worst failure). */
  | { kind: 'failed'; final: CallerFinal }
  /** Nobody answered and voicemail took the message. */
  | { kind: 'voicemail'; final: CallerFinal }
  /** The signal ended the step. */
  | { kind: 'aborted' };

/**
 * Rings `plan` and resolves who answered, or why nobody did. The attempt log (for the call record)
 * is `log`, appended as attempts end.
 */
export class Dial implements OutboundLegListener {
  readonly log: AttemptRecord[] = [];
  private readonly pending: DialTarget[];
  private readonly attempts = new Set<DialAttempt>();
  private readonly failures: AttemptFailure[] = [];
  private ringTimer: TimerHandle | undefined;
  private ringTimeoutMs: number;
  /** R5: forwards made so far; the current stage's failures start at `stageStart`. */
  private readonly forwardsUsed: ForwardsUsed = { busy: 0, noAnswer: 0, total: 0 };
  private stageStart = 0;
  private phase: DialPhase = 'ringing';
  private settle: (r: DialResult) => void = () => undefined;

  constructor(
    private readonly host: DialHost,
    private readonly plan: DialPlanSpec,
  ) {
    this.pending = [...plan.targets];
    this.ringTimeoutMs = plan.ringTimeoutMs;
  }

  /** Runs the step once. */
  run(signal: AbortSignal): Promise<DialResult> {
    const result = new Promise<DialResult>((resolve) => (this.settle = resolve));
    if (signal.aborted) this.abort();
    else {
      signal.addEventListener('abort', () => this.abort(), { once: true });
      void this.ringFirst();
    }
    return result;
  }

  private async ringFirst(): Promise<void> {
    if (this.plan.strategy === 'simultaneous') {
      const all = this.pending.splice(0);
      await Promise.all(all.map((t) => this.ring(t)));
    } else {
      await this.ringNext();
    }
  }

  private finish(r: DialResult): void {
    const next = dialTransition(this.phase, 'finish');
    if (!next) return;
    this.phase = next;
    this.clearRingTimer();
    this.settle(r);
  }

  private abort(): void {
    for (const a of [...this.attempts]) {
      a.leg.cancel();
      this.logAttempt(a, 'cancelled', null);
      this.drop(a);
    }
    this.finish({ kind: 'aborted' });
  }

  private async ringNext(): Promise<void> {
    const target = this.pending.shift();
    if (!target) return this.giveUp();
    await this.ring(target);
  }

  private async ring(target: DialTarget): Promise<void> {
    if (this.phase !== 'ringing') return;
    const route = dialRoute(target);
    if (!route) {
      this.failures.push({ kind: 'response', status: 480, reason: 'Not Registered' });
      return this.afterAttemptEnded();
    }
    let media: MediaEndpoint;
    let offer: string;
    try {
      ({ endpoint: media, sdp: offer } = await this.host.openMedia(route.target.host, { webrtc: isWebSocket(route.target.transport) }));
    } catch (err) {
      this.failures.push({ kind: 'unreachable', detail: `media: ${(err as Error).message}` });
      return this.afterAttemptEnded();
    }
    if (this.phase !== 'ringing') {
      this.host.released(media);
      return;
    }
    const leg = new OutboundLeg(this.host.ua, {
      requestUri: route.requestUri,
      target: route.target,
      callerNumber: target.kind === 'pstn' ? (this.plan.pstnCallerId ?? this.plan.callerNumber) : this.plan.callerNumber,
      maxForwards: this.plan.maxForwards,
      sdpOffer: offer,
      answeringNumber: route.answering,
    }, this);
    const attempt: DialAttempt = { seq: this.host.nextAttemptSeq(), leg, media, target, startedAt: this.now(), ...(this.plan.tag ? { tag: this.plan.tag } : {}) };
    this.attempts.add(attempt);
    this.host.attemptStarted?.(attempt);
    this.armRingTimer();
    leg.start();
  }

  private armRingTimer(): void {
    this.clearRingTimer();
    this.ringTimer = this.host.clock.setTimeout(() => this.onRingTimeout(), this.ringTimeoutMs);
  }

  private clearRingTimer(): void {
    if (this.ringTimer) this.host.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  private onRingTimeout(): void {
    this.ringTimer = undefined;
    if (this.phase !== 'ringing') return;
    for (const a of [...this.attempts]) {
      a.leg.cancel();
      this.logAttempt(a, 'no_answer', null);
      this.drop(a);
      this.failures.push({ kind: 'ring-timeout' });
    }
    void this.afterAttemptEnded();
  }

  private attemptOf(leg: OutboundLeg): DialAttempt | undefined {
    for (const a of this.attempts) if (a.leg === leg) return a;
    return undefined;
  }

  private now(): Date {
    return new Date(this.host.clock.wallNow());
  }

  private logAttempt(a: DialAttempt, result: AttemptRecord['result'], sipStatus: number | null): void {
    this.log.push({
      seq: a.seq,
      target: a.target.kind === 'pstn' ? a.target.number : a.target.username,
      kind: a.target.kind,
      startedAt: a.startedAt,
      endedAt: this.now(),
      result,
      sipStatus,
      ...a.tag,
    });
    if (result !== 'answered') this.host.attemptEnded?.(a, result, sipStatus);
  }

  private drop(a: DialAttempt): void {
    this.attempts.delete(a);
    this.host.released(a.media);
  }

  private async afterAttemptEnded(): Promise<void> {
    if (this.phase !== 'ringing' || this.attempts.size > 0) return;
    if (this.pending.length > 0) return this.ringNext();
    this.giveUp();
  }

  private giveUp(): void {
    if (this.phase !== 'ringing') return;
    if (this.forwardOnFailure()) return;
    const final = worstFailure(this.failures);
    const voicemail = this.host.voicemail(final);
    if (!voicemail) return this.finish({ kind: 'failed', final });
    // The last phone may have failed (busy) before its ring timer ran out: voicemail has its own end.
    this.phase = dialTransition(this.phase, 'voicemail') ?? this.phase;
    this.clearRingTimer();
    void voicemail.catch(() => undefined).then(() => this.finish({ kind: 'voicemail', final }));
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
    void this.ringNext();
    return true;
  }

  onRinging(leg: OutboundLeg, res: SipResponse): void {
    const a = this.attemptOf(leg);
    if (!a || this.phase !== 'ringing') return;
    this.host.ringing(a, res);
  }

  onAnswered(leg: OutboundLeg, res: SipResponse): void {
    const a = this.attemptOf(leg);
    if (!a || this.phase !== 'ringing') {
      leg.hangup();
      return;
    }
    this.attempts.delete(a);
    this.logAttempt(a, 'answered', res.status);
    for (const other of [...this.attempts]) {
      other.leg.cancel();
      this.logAttempt(other, 'cancelled', null);
      this.drop(other);
    }
    leg.attach({ ...this.host.answeredLegListener, onRinging: () => undefined, onAnswered: (l) => l.hangup(), onFailed: () => undefined });
    this.finish({ kind: 'answered', attempt: a, res });
  }

  onFailed(leg: OutboundLeg, failure: AttemptFailure): void {
    const a = this.attemptOf(leg);
    if (!a) return;
    const final = finalForFailure(failure);
    this.logAttempt(a, final.outcome, failure.kind === 'response' ? failure.status : null);
    this.drop(a);
    this.failures.push(failure);
    void this.afterAttemptEnded();
  }

  onRemoteHangup(): void {
    // Only answered legs hang up, and those belong to the call.
  }

  onRequest(leg: OutboundLeg, tx: ServerTransaction): void {
    this.host.answeredLegListener.onRequest(leg, tx);
  }
}
