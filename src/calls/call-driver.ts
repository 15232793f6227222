/**
 * The driver seam: what drives a call. A driver — routing's dial plan (routed-call.ts), the ACD's
 * queue driver, an IVR, the dialer — gets a `DrivenCall` and moves it through verbs, each a
 * Promise that takes an AbortSignal and fails with a CallVerbError. calls/ knows drivers only by
 * name: routing or a flow hands a call over with a `DriverHandoff`, resolved through the
 * `CallDriverRegistry` the platform fills (so calls/ never learns about queues).
 */
import type { PlayOutcome, PlaySource } from '../media/media-engine.ts';
import type { TypedEvent } from '../kernel/typed-event.ts';
import type { RecordOutcome } from '../cdr/call-record.ts';
import type { DialTarget } from './call-router.ts';
import type { ControlledCall, LegRef, VerbOptions } from './call-control.ts';
import type { Q850Cause } from './q850.ts';

/** "Hand this call to driver `driver`": a route decision's or a flow's result. */
export interface DriverHandoff {
  /** The name the driver is registered under ('queue', 'ivr' …). */
  driver: string;
  /** What the driver needs (a queue id …); calls/ passes it through untouched. */
  params?: Readonly<Record<string, unknown>>;
}

export interface CallDriver {
  /**
   * Drives `call` from the handoff on. The caller's leg is 'caller' (media anchored, not answered
   * yet). Resolving (or rejecting) while the call is neither bridged nor ended ends the call;
   * once bridged, the call goes on without the driver (a hang-up ends it as usual).
   * `signal` aborts when the call ends.
   */
  drive(call: DrivenCall, params: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<void>;
}

/** Drivers by name; the platform fills it (composition root). */
export interface CallDriverRegistry {
  get(name: string): CallDriver | undefined;
}

/** A leg as a driver sees it. */
export interface DrivenLeg {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  /** The number (PSTN) or SIP user on the leg. */
  readonly party: string;
}

export interface RingOptions extends VerbOptions {
  /** How long it may ring (default: the call's plan's ring timeout). */
  ringTimeoutMs?: number;
  /** The number the rung phone sees calling (default: the call's caller, R12). */
  callerNumber?: string;
  /** What a PSTN leg shows instead (a 400 number: carriers refuse an extension). */
  pstnCallerId?: string;
  /** What the leg record says the ring was for (an ACD offer: its queue and agent). */
  tag?: AttemptTag;
}

/** An ACD offer's queue and the agent (工号) whose phone is rung, kept on the leg record. */
export interface AttemptTag {
  queueId: string;
  agentId: string;
}

export interface CollectOptions extends VerbOptions {
  /** Stop after this many digits. */
  maxDigits: number;
  /** Give up this long after the collect starts or after the last key. */
  timeoutMs: number;
  /** The key that ends the input early (not part of it), e.g. '#'. */
  terminator?: string;
  /** Forget keys pressed before this collect (default false: a key pressed during a prompt counts). */
  flush?: boolean;
}

export interface PlayVerbOptions extends VerbOptions {
  loop?: boolean;
  /** A key ends the play (resolves 'dtmf'); the key stays for the next collect. */
  bargeIn?: boolean;
}

export interface BridgeOptions extends VerbOptions {
  /**
   * When the second leg hangs up, the caller stays: the bridge is cut, the leg leaves
   * (`onLegEnded`) and the driver goes on (a survey) and ends the call itself (`Call.afterCalleeLeaves`).
   */
  keepCaller?: boolean;
}

/** What the record says when the call ends with no bridge (a queue's abandoned caller …). */
export interface UnbridgedOutcome {
  outcome: Exclude<RecordOutcome, 'interrupted' | 'answered'>;
  status: number;
  reason: string;
}

export interface DrivenCall extends ControlledCall {
  /** The 400 number called (absent for an outbound-only call). */
  readonly number400: string | undefined;
  /** The caller's number as the record has it. */
  readonly callerNumber: string;
  /** Aborts when the call ends. */
  readonly signal: AbortSignal;
  /** The legs in the call now. */
  legs(): DrivenLeg[];
  /** A leg left the call (its BYE, a failure): drivers waiting on it learn here. */
  readonly onLegEnded: TypedEvent<{ legId: string }>;
  /** The inbound leg: 200 OK, or with `early` 183 Session Progress (early media: the caller hears us, not charged). */
  answer(leg: LegRef, opts?: VerbOptions & { early?: boolean }): Promise<void>;
  /** Plays to one leg; resolves how it ended. */
  play(leg: LegRef, source: PlaySource, opts?: PlayVerbOptions): Promise<PlayOutcome>;
  /** Text to speech (src/media/tts) to one leg. */
  say(leg: LegRef, text: string, opts?: PlayVerbOptions & { language?: 'zh-CN' | 'en' }): Promise<PlayOutcome>;
  /** Digits from one leg; '' when nothing was keyed before the timeout. */
  collect(leg: LegRef, opts: CollectOptions): Promise<string>;
  /** Out of any bridge, music looped to it until unparked (or bridged). */
  park(leg: LegRef, opts?: VerbOptions & { music?: PlaySource }): Promise<void>;
  unpark(leg: LegRef, opts?: VerbOptions): Promise<void>;
  /**
   * Rings `target` as a new outbound leg; resolves its id once it answered — not bridged, so the
   * driver may whisper to it or ask it to confirm first. Fails `refused` (message "486 Busy
   * Here" …) when it does not answer, `aborted` when the signal or the call's end stops it.
   */
  ring(target: DialTarget, opts?: RingOptions): Promise<string>;
  /** Bridges two legs (the first is the caller's side); an inbound leg not yet answered is answered. */
  bridge(a: LegRef, b: LegRef, opts?: BridgeOptions): Promise<void>;
  /** Cuts the bridge; both legs stay in the call (park one, ring another …). */
  unbridge(opts?: VerbOptions): Promise<void>;
  /** Hangs up one leg (BYE with Reason: Q.850 `cause`); the call goes on. */
  hangUpLeg(leg: LegRef, opts?: VerbOptions & { cause?: Q850Cause }): Promise<void>;
  /**
   * R13/C4: the number's own voicemail takes the caller (its greeting, the beep, the message,
   * stored and announced as any voicemail of the number); resolves true once done, false when the
   * number takes no messages. The driver lets the call go afterwards.
   */
  takeMessage(opts?: VerbOptions): Promise<boolean>;
  /** What the record says if the call ends before any bridge. */
  setUnbridgedOutcome(outcome: UnbridgedOutcome): void;
}
