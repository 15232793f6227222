/**
 * One caller in the ACD, from the hand-off to the end: answered and waiting with the queue's music
 * (C7), hearing their position and estimated wait every `announceEverySeconds`, a key for a
 * callback that keeps their place (C10); each offer rings the agent's phone (offer-ring.ts: SIP,
 * browser or mobile with 按1 confirmation, C15); the answering agent hears the whisper while the
 * caller hears the agent's 工号 (C6); bridged; after the agent hangs up, the survey (C5). A queue
 * that gives up on the call (timeout, nobody logged in) overflows per the queue (C4, C10):
 * voicemail, another queue (keeping the time waited), an outside number, a callback, or goodbye.
 */
import type { DrivenCall, LegRef } from '../../calls/ports.ts';
import type { PlaySource } from '../../media/media-engine.ts';
import type { Offer, QueueSettings, QueueTicket, WithdrawReason } from '../acd-engine.ts';
import { type QueueCallDeps, reported } from './queue-call-ports.ts';
import type { QueuePrompts } from './queue-prompts.ts';
import { ringOffer } from './offer-ring.ts';
import { runSurvey } from './survey.ts';
import { placeCallback } from './callback.ts';

/** How a wait in one queue ended. */
type WaitEnd =
  | { kind: 'answered'; offer: Offer; legId: string }
  | { kind: 'overflow'; reason: 'timeout' | 'no_agents' }
  | { kind: 'callback' }
  | { kind: 'gone' };

/** At most this many queues in a row (an overflow chain that loops back is cut). */
const MAX_QUEUES = 5;
/** The wait between two digit reads while waiting (the read is re-armed; keys are not lost). */
const KEY_WAIT_MS = 60_000;

/** How the caller came to the queue: a new arrival, or handed over by an agent (transfer-in.ts). */
export interface QueueCallEntry {
  /** The driver run's signal: aborted when the call ends or another driver takes it (a transfer to a queue). */
  signal?: AbortSignal;
  /** An agent transferred the caller here (the user id when an agent of the tenant did). */
  transferIn?: { fromUserId?: string };
}

export class QueueCall {
  private readonly enteredAt: number;
  private region: string | undefined;
  private readonly driveSignal: AbortSignal;

  constructor(
    private readonly call: DrivenCall,
    private readonly tenantId: string,
    private readonly deps: QueueCallDeps,
    private readonly prompts: QueuePrompts,
    private readonly entry: QueueCallEntry = {},
  ) {
    this.enteredAt = deps.clock.wallNow();
    this.driveSignal = entry.signal ?? call.signal;
  }

  async run(firstQueueId: string): Promise<void> {
    const { call, deps } = this;
    this.region = await deps.callerRegion(call.callerNumber).catch(reported(deps, undefined));
    call.setUnbridgedOutcome({ outcome: 'cancelled', status: 487, reason: 'Abandoned In Queue' });
    await call.answer('caller', { signal: call.signal });
    let queueId = firstQueueId;
    for (let hop = 0; hop < MAX_QUEUES; hop++) {
      const queue = deps.engine.queueSettings(this.tenantId, queueId);
      if (!queue) return this.goodbye('Queue Unavailable');
      const end = await this.wait(queue);
      switch (end.kind) {
        case 'gone':
          return;
        case 'callback':
          return this.callbackBooked();
        case 'answered':
          return this.connect(queue, end.offer, end.legId);
        case 'overflow': {
          const next = queue.overflow;
          if (next.kind === 'queue') {
            queueId = next.queueId;
            continue;
          }
          return this.overflow(queue, next);
        }
      }
    }
    return this.goodbye('Too Many Queues');
  }

  private now(): number {
    return this.deps.clock.wallNow();
  }

  /** Waits in `queue` until an agent answered, the queue overflowed, the caller asked for a callback or left. */
  private wait(queue: QueueSettings): Promise<WaitEnd> {
    const { call, deps, tenantId } = this;
    const engine = deps.engine;
    const waiting = new AbortController();
    const offers = new Map<string, AbortController>();
    let done = false;
    let settle: (end: WaitEnd) => void = () => undefined;
    const result = new Promise<WaitEnd>((resolve) => (settle = resolve));
    const finish = (end: WaitEnd): void => {
      if (done) return;
      done = true;
      waiting.abort();
      call.signal.removeEventListener('abort', onGone);
      settle(end);
    };
    const ticket: QueueTicket = engine.enqueue({
      tenantId,
      queueId: queue.id,
      callId: call.id,
      callerNumber: call.callerNumber,
      ...(this.region ? { callerRegion: this.region } : {}),
      enteredAt: new Date(this.enteredAt),
      ...(this.entry.transferIn ? { transferIn: this.entry.transferIn } : {}),
    });
    void deps.records.entered(tenantId, call.id, queue.id).catch(reported(deps, undefined));
    const onGone = (): void => {
      if (done) return;
      for (const c of offers.values()) c.abort();
      engine.leave(ticket.id, 'abandoned');
      void deps.records.abandoned(tenantId, call.id, { queueId: queue.id, waitMs: this.now() - this.enteredAt }).catch(reported(deps, undefined));
      finish({ kind: 'gone' });
    };
    call.signal.addEventListener('abort', onGone, { once: true });
    ticket.onOverflow((reason) => finish({ kind: 'overflow', reason }));
    ticket.onWithdraw((token: string, _reason: WithdrawReason) => offers.get(token)?.abort());
    ticket.onOffer((offer) => {
      // The caller hung up keeping their place (C10): the platform calls agent, then caller.
      if (offer.callback) return this.callBack(offer, offers);
      const control = new AbortController();
      offers.set(offer.token, control);
      void ringOffer(call, offer, { deps, prompts: this.prompts, signal: AbortSignal.any([control.signal, call.signal]) })
        .then((legId) => {
          if (legId === undefined) return;
          if (done || !engine.offerAnswered(offer.token)) {
            // Withdrawn meanwhile (another agent answered, the caller left): a clean refusal.
            void call.hangUpLeg(legId).catch(reported(deps, undefined));
            return;
          }
          finish({ kind: 'answered', offer, legId });
        })
        .catch(reported(deps, undefined))
        .finally(() => offers.delete(offer.token));
    });
    if (!done) {
      void this.holdLoop(queue, ticket, waiting.signal);
      if (queue.callbackKey && deps.originate && call.number400) void this.watchCallbackKey(queue.callbackKey, ticket, waiting.signal, () => finish({ kind: 'callback' }));
    }
    return result;
  }

  /** C7 and the announcements: position and estimated wait (and the callback offer), then music until the next round. */
  private async holdLoop(queue: QueueSettings, ticket: QueueTicket, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const music = await deps.music(this.tenantId, queue).catch(reported(deps, undefined));
    while (!signal.aborted) {
      const lines: PlaySource[] = [this.prompts.position(ticket.position() - 1)];
      const wait = this.prompts.estimatedWait(ticket.estimatedWaitSeconds());
      if (wait) lines.push(wait);
      if (queue.callbackKey && deps.originate && this.call.number400) lines.push(this.prompts.callbackOffer(queue.callbackKey));
      if (ticket.position() > 0) await this.play('caller', { kind: 'sequence', items: lines }, signal);
      if (signal.aborted || !music) return;
      const round = new AbortController();
      const timer = queue.announceEverySeconds > 0 ? deps.clock.setTimeout(() => round.abort(), queue.announceEverySeconds * 1000) : undefined;
      const outcome = await this.play('caller', music, AbortSignal.any([signal, round.signal]), true);
      if (timer) deps.clock.clearTimeout(timer);
      // Music that cannot play ends by itself: wait for the round instead of spinning.
      if (outcome === 'failed' && !signal.aborted && timer) await new Promise<void>((resolve) => round.signal.addEventListener('abort', () => resolve(), { once: true }));
      if (queue.announceEverySeconds === 0 && !signal.aborted) return;
    }
  }

  private async watchCallbackKey(key: string, ticket: QueueTicket, signal: AbortSignal, booked: () => void): Promise<void> {
    while (!signal.aborted) {
      const keyed = await this.call.collect('caller', { maxDigits: 1, timeoutMs: KEY_WAIT_MS, signal }).catch(reported(this.deps, ''));
      if (signal.aborted) return;
      if (keyed !== key) continue;
      // The ticket keeps its place; the agent offered the turn is rung, then this caller (C10).
      this.deps.engine.requestCallback(ticket.id, this.call.callerNumber, this.call.number400);
      booked();
      return;
    }
  }

  /** The agent answered: whisper to them, the 工号 to the caller (C6), bridge; the survey after (C5). */
  private async connect(queue: QueueSettings, offer: Offer, legId: string): Promise<void> {
    const { call, deps } = this;
    const waitMs = this.now() - this.enteredAt;
    void deps.records.answered(this.tenantId, call.id, { queueId: queue.id, waitMs, agentId: offer.agentId, userId: offer.userId }).catch(reported(deps, undefined));
    await Promise.all([
      this.play(legId, this.prompts.whisper(queue.name, this.region), call.signal),
      queue.announceAgentId ? this.play('caller', this.prompts.agentId(offer.agentId), call.signal) : Promise.resolve('finished' as const),
    ]);
    if (call.signal.aborted) return void deps.engine.callEnded(offer.token);
    try {
      // With a survey the caller stays when the agent hangs up (C5).
      await call.bridge('caller', legId, { signal: call.signal, keepCaller: queue.surveyEnabled });
    } catch (err) {
      deps.engine.callEnded(offer.token);
      throw err;
    }
    // The agent's call lasts until their leg leaves — hung up, or transferred away (blind, attended,
    // to a queue) — or the caller hangs up (the call ends). Wrap-up starts then, not at the call's end.
    while (!call.signal.aborted && call.legs().some((l) => l.id === legId)) {
      const ended = await call.onLegEnded.next(call.signal).catch(() => undefined);
      if (ended?.legId === legId) break;
    }
    deps.engine.callEnded(offer.token);
    // Handed to a queue: that queue's driver has the caller now (and its survey).
    if (!queue.surveyEnabled || call.signal.aborted || this.driveSignal.aborted) return;
    // Transferred to another phone: the survey waits until the caller is alone (C5).
    while (call.state !== 'setup' && !call.signal.aborted && !this.driveSignal.aborted) await call.onLegEnded.next(AbortSignal.any([call.signal, this.driveSignal])).catch(() => undefined);
    if (call.signal.aborted || this.driveSignal.aborted) return;
    const score = await runSurvey(call, this.prompts, call.signal);
    if (score !== undefined) await deps.records.survey(this.tenantId, call.id, score).catch(reported(deps, undefined));
    if (!call.signal.aborted) await this.hangUpWith(this.prompts.phrase('survey-thanks'));
  }

  private async overflow(queue: QueueSettings, target: Exclude<QueueSettings['overflow'], { kind: 'queue' }>): Promise<void> {
    const { call, deps } = this;
    const signal = call.signal;
    switch (target.kind) {
      case 'voicemail':
      case 'callback': {
        if (target.kind === 'callback' && deps.originate && call.number400) return this.callbackAtOverflow(queue, call.number400);
        // Without callbacks the caller is never just dropped: voicemail.
        // The number's own voicemail (its greeting; the message listed with the number's) takes it.
        call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason: 'Queue Overflow' });
        const took = await call.takeMessage({ signal }).catch(reported(deps, false));
        if (!took && !signal.aborted) return this.goodbye('Queue Overflow');
        return;
      }
      case 'number': {
        call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason: 'Queue Overflow' });
        const dest = await deps.outsideTarget(this.tenantId, target.number);
        if (!dest) return this.goodbye('Queue Overflow');
        try {
          const legId = await call.ring(dest, { signal });
          await call.bridge('caller', legId, { signal });
        } catch {
          if (!signal.aborted) await this.goodbye('Queue Overflow');
        }
        return;
      }
      case 'hangup':
        return this.goodbye('Queue Overflow');
    }
  }

  /**
   * C10 as the queue's overflow: the caller goes back in line as a callback, keeping the place their
   * first entry gave them, and hangs up; the agent offered the turn is called, then the caller.
   */
  private async callbackAtOverflow(queue: QueueSettings, number400: string): Promise<void> {
    const { call, deps } = this;
    const ticket = deps.engine.enqueue({ tenantId: this.tenantId, queueId: queue.id, callId: call.id, callerNumber: call.callerNumber, enteredAt: new Date(this.enteredAt), callback: { number: call.callerNumber, number400 } });
    const offers = new Map<string, AbortController>();
    ticket.onWithdraw((token) => offers.get(token)?.abort());
    ticket.onOffer((offer) => this.callBack(offer, offers));
    return this.callbackBooked();
  }

  /** A callback's turn: placed on its own call; withdrawn through `offers`. */
  private callBack(offer: Offer, offers: Map<string, AbortController>): void {
    const control = new AbortController();
    offers.set(offer.token, control);
    void placeCallback(offer, { deps: this.deps, prompts: this.prompts, signal: control.signal }, this.enteredAt).finally(() => offers.delete(offer.token));
  }

  /** "已为您预约回拨…": the caller hangs up knowing; the record says why the call ended unanswered. */
  private async callbackBooked(): Promise<void> {
    this.call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason: 'Callback Requested' });
    await this.play('caller', this.prompts.phrase('callback-booked'), this.call.signal);
  }

  private async goodbye(reason: string): Promise<void> {
    this.call.setUnbridgedOutcome({ outcome: 'no_answer', status: 480, reason });
    await this.play('caller', this.prompts.system('goodbye'), this.call.signal);
  }

  private async hangUpWith(line: PlaySource): Promise<void> {
    await this.play('caller', line, this.call.signal);
    if (!this.call.signal.aborted) await this.call.hangUp().catch(reported(this.deps, undefined));
  }

  /** A play that never throws: a prompt that cannot play must not end the call. */
  private async play(leg: LegRef, source: PlaySource, signal: AbortSignal, loop = false): Promise<'finished' | 'stopped' | 'dtmf' | 'failed'> {
    if (signal.aborted) return 'stopped';
    try {
      return await this.call.play(leg, source, { signal, loop });
    } catch (err) {
      if (!signal.aborted) this.deps.onError?.(err);
      return 'failed';
    }
  }
}
