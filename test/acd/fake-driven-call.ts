/**
 * A DrivenCall in memory for the queue driver's unit tests: plays resolve on the fake clock,
 * digits are scripted per leg, and each target's phone is scripted (answer after N ms, busy, never).
 */
import { randomUUID } from 'node:crypto';
import { CallVerbError } from '../../src/calls/ports.ts';
import type { CollectOptions, DialTarget, DrivenCall, DrivenLeg, LegRef, PlayVerbOptions, RingOptions, UnbridgedOutcome } from '../../src/calls/ports.ts';
import type { PlayOutcome, PlaySource } from '../../src/media/media-engine.ts';
import { TypedEventSource } from '../../src/kernel/typed-event.ts';
import type { FakeClock } from '../../src/kernel/fake-clock.ts';

export type PhoneScript = { answerAfterMs: number } | { refuse: string; afterMs: number } | 'never';

export interface Played {
  leg: string;
  source: PlaySource;
  loop: boolean;
}

const PROMPT_MS = 1000;

export class FakeDrivenCall implements DrivenCall {
  readonly id = randomUUID();
  state: DrivenCall['state'] = 'setup';
  readonly number400 = '4006123456';
  readonly onLegEnded = new TypedEventSource<{ legId: string }>();
  private readonly life = new AbortController();
  readonly played: Played[] = [];
  readonly rung: { target: string; legId: string; result: string }[] = [];
  readonly bridged: [string, string][] = [];
  readonly hungUpLegs: string[] = [];
  answered = false;
  outcome: UnbridgedOutcome | undefined;
  hungUp = false;
  /** Keys pressed before any collect asked, per leg. */
  private readonly keys = new Map<string, string[]>();
  private readonly legTargets = new Map<string, string>();

  constructor(
    private readonly clock: FakeClock,
    readonly tenantId: string,
    readonly callerNumber: string,
    readonly phones: Map<string, PhoneScript>,
  ) {}

  get signal(): AbortSignal {
    return this.life.signal;
  }

  /** The caller hangs up. */
  callerHangsUp(): void {
    this.state = 'ended';
    this.life.abort(new CallVerbError('aborted', 'the call ended'));
  }

  /** The agent behind `target` hangs up. */
  agentHangsUp(target: string): void {
    for (const [legId, t] of this.legTargets) {
      if (t !== target) continue;
      // As a call does: the bridge ends (a kept caller is alone), the leg leaves, drivers are told.
      if (this.state === 'answered') this.state = 'setup';
      this.legTargets.delete(legId);
      this.onLegEnded.emit({ legId });
    }
  }

  legOfTarget(target: string): string | undefined {
    for (const [legId, t] of this.legTargets) if (t === target) return legId;
    return undefined;
  }

  parties(): string[] {
    return [this.callerNumber];
  }

  legs(): DrivenLeg[] {
    return [...this.legTargets].map(([id, party]) => ({ id, direction: 'outbound', party }));
  }

  hold(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  unhold(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  transfer(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  handOff(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  consult(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  completeConsult(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  cancelConsult(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  conference(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  setConferenceRole(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  takeOver(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  endConference(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  pauseRecording(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  resumeRecording(): Promise<void> {
    return Promise.reject(new CallVerbError('bad-state', 'not here'));
  }

  async hangUp(): Promise<void> {
    this.hungUp = true;
    this.callerHangsUp();
  }

  async answer(): Promise<void> {
    this.answered = true;
  }

  play(leg: LegRef, source: PlaySource, opts: PlayVerbOptions = {}): Promise<PlayOutcome> {
    this.played.push({ leg, source, loop: opts.loop ?? false });
    return new Promise((resolve) => {
      if (opts.signal?.aborted) return resolve('stopped');
      const timer = opts.loop ? undefined : this.clock.setTimeout(() => resolve('finished'), PROMPT_MS);
      opts.signal?.addEventListener('abort', () => {
        if (timer) this.clock.clearTimeout(timer);
        resolve('stopped');
      }, { once: true });
    });
  }

  say(): Promise<PlayOutcome> {
    return Promise.resolve('finished');
  }

  private readonly collecting = new Map<string, (key: string) => void>();

  /** `leg` keys `key`: a collect under way gets it, else the next one. */
  press(leg: string, key: string): void {
    const waiting = this.collecting.get(leg);
    if (waiting) waiting(key);
    else this.keys.set(leg, [...(this.keys.get(leg) ?? []), key]);
  }

  collect(leg: LegRef, opts: CollectOptions): Promise<string> {
    const queued = this.keys.get(leg)?.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new CallVerbError('aborted', 'aborted'));
      const done = (): void => {
        this.clock.clearTimeout(timer);
        if (this.collecting.get(leg) === got) this.collecting.delete(leg);
      };
      const got = (key: string): void => {
        done();
        resolve(key);
      };
      const timer = this.clock.setTimeout(() => got(''), opts.timeoutMs);
      this.collecting.set(leg, got);
      opts.signal?.addEventListener('abort', () => {
        done();
        reject(new CallVerbError('aborted', 'aborted'));
      }, { once: true });
    });
  }

  async park(): Promise<void> {}
  async unpark(): Promise<void> {}

  ring(target: DialTarget, opts: RingOptions = {}): Promise<string> {
    const name = target.kind === 'sip' ? target.username : target.number;
    const script = this.phones.get(name) ?? 'never';
    const legId = randomUUID();
    const entry = { target: name, legId, result: 'ringing' };
    this.rung.push(entry);
    return new Promise((resolve, reject) => {
      const ringTimeout = opts.ringTimeoutMs ?? 20_000;
      const fail = (result: string, err: CallVerbError) => {
        entry.result = result;
        this.clock.clearTimeout(ringTimer);
        if (answerTimer) this.clock.clearTimeout(answerTimer);
        reject(err);
      };
      const ringTimer = this.clock.setTimeout(() => fail('no_answer', new CallVerbError('refused', '480 No Answer')), ringTimeout);
      let answerTimer: ReturnType<FakeClock['setTimeout']> | undefined;
      if (script !== 'never') {
        const after = 'answerAfterMs' in script ? script.answerAfterMs : script.afterMs;
        if (after < ringTimeout) {
          answerTimer = this.clock.setTimeout(() => {
            this.clock.clearTimeout(ringTimer);
            if ('refuse' in script) return fail('refused', new CallVerbError('refused', script.refuse));
            entry.result = 'answered';
            this.legTargets.set(legId, name);
            resolve(legId);
          }, after);
        }
      }
      opts.signal?.addEventListener('abort', () => fail('cancelled', new CallVerbError('aborted', 'cancelled')), { once: true });
    });
  }

  async bridge(a: LegRef, b: LegRef): Promise<void> {
    this.bridged.push([a, b]);
    this.state = 'answered';
  }

  async unbridge(): Promise<void> {}

  async hangUpLeg(leg: LegRef): Promise<void> {
    this.hungUpLegs.push(leg);
  }

  setUnbridgedOutcome(outcome: UnbridgedOutcome): void {
    this.outcome = outcome;
  }

  /** The number takes messages (its flow's voicemail) when set; each message taken is counted. */
  numberHasVoicemail = false;
  messagesTaken = 0;

  async takeMessage(): Promise<boolean> {
    if (!this.numberHasVoicemail) return false;
    this.messagesTaken++;
    return true;
  }
}
