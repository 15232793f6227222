/** A call record (P2): what the tenant sees per call, and what billing rates. */
export type CallOutcome = 'answered' | 'busy' | 'no_answer' | 'cancelled' | 'failed' | 'interrupted';
/**
 * Calls refused before any phone rang: blocked by policy (R6), over a cap (R8), or the prepaid
 * balance exhausted, or outside the number's hours / on a holiday with no closed-hours phones (R3,
 * `closed`). `cancelled` is P2's "abandoned" (the caller hung up before an answer).
 */
export type RefusalOutcome = 'blocked' | 'over_cap' | 'no_balance' | 'closed';
/** Every outcome a record can carry. */
export type RecordOutcome = CallOutcome | RefusalOutcome;
export const RECORD_OUTCOMES: readonly RecordOutcome[] = ['answered', 'busy', 'no_answer', 'cancelled', 'failed', 'interrupted', 'blocked', 'over_cap', 'no_balance', 'closed'];
export type EndedBy = 'caller' | 'callee' | 'platform';

export interface CallRecordStart {
  id: string;
  tenantId: string;
  number400: string;
  trunkId?: string;
  sipCallId: string;
  caller: {
    number: string;
    kind: string;
    areaCode?: string;
    province?: string;
    city?: string;
  };
  startedAt: Date;
}

/** One attempt to ring a phone within a call (P2 asks for one leg record per ring attempt). */
export interface AttemptRecord {
  /** Its place in the call, in the order attempts started (the leg record's key, from 0). */
  seq: number;
  /** The number or SIP user rung. */
  target: string;
  kind: 'pstn' | 'sip';
  startedAt: Date;
  endedAt: Date;
  result: 'answered' | 'busy' | 'no_answer' | 'failed' | 'cancelled';
  sipStatus: number | null;
  /** An ACD offer: the queue it was made for and the agent (工号) whose phone rang. */
  queueId?: string;
  agentId?: string;
}

export interface CallRecordEnd {
  answeringNumber?: string;
  answeredAt?: Date;
  endedAt: Date;
  outcome: Exclude<RecordOutcome, 'interrupted'>;
  sipStatus: number;
  sipReason: string;
  endedBy: EndedBy;
  mediaStats?: Record<string, unknown>;
  recordingPath?: string;
  /** Every phone rung, in order. */
  attempts?: AttemptRecord[];
}

/** What is known the moment a phone answers: written at once, so a crash cannot lose it. */
export interface CallAnswer {
  answeredAt: Date;
  answeringNumber: string;
  answeringKind: AttemptRecord['kind'];
  /** The attempts so far (the answered one and those cancelled by the answer). */
  attempts: AttemptRecord[];
}

/** A phone about to be rung: its leg record is written at once, so a crash still shows who was rung. */
export interface AttemptStart {
  tenantId: string;
  seq: number;
  target: string;
  kind: AttemptRecord['kind'];
  startedAt: Date;
  /** An ACD offer: its queue and agent, as in `AttemptRecord`. */
  queueId?: string;
  agentId?: string;
}

/**
 * A leg record's result: an ended attempt's, `ringing` while the phone is being rung, and
 * `interrupted` for a phone that was ringing when the process died (closed at the next start).
 */
export type LegResult = AttemptRecord['result'] | 'ringing' | 'interrupted';

/** One ring attempt as stored (table call_legs). */
export interface CallLeg {
  seq: number;
  target: string;
  kind: AttemptRecord['kind'];
  startedAt: string;
  endedAt: string | null;
  result: LegResult;
  sipStatus: number | null;
  queueId: string | null;
  agentId: string | null;
}

export interface CallRecord {
  id: string;
  tenantId: string;
  number400: string;
  trunkId: string | null;
  sipCallId: string;
  callerNumber: string;
  callerKind: string;
  callerAreaCode: string | null;
  callerProvince: string | null;
  callerCity: string | null;
  answeringNumber: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  outcome: RecordOutcome | null;
  talkSeconds: number;
  sipStatus: number | null;
  sipReason: string | null;
  endedBy: EndedBy | null;
  mediaStats: Record<string, unknown> | null;
  recordingPath: string | null;
  /** The charge booked for this call, li (0 when unanswered or unrated). */
  costLi: number;
  /** The rate plan call type it was rated as, once answered. */
  callType: string | null;
  /** Why a call was not rated (no plan, no rate for its type), null when it was. */
  billingNote: string | null;
  /** The ACD queue the call waited in (the last one, after an overflow to another queue). */
  queueId: string | null;
  /** Time in queue(s) until an agent answered or the caller left, ms. */
  queueWaitMs: number | null;
  /** The agent (工号) who answered, and their user id. */
  agentId: string | null;
  agentUserId: string | null;
  /** The caller hung up while waiting in a queue. */
  abandonedInQueue: boolean;
  /** Transfers made during the call. */
  transfers: number;
  /** C5: the caller's satisfaction score 1–5, null when not given. */
  surveyScore: number | null;
}

/** Talk time is whole seconds, rounded up: a carrier bills a started second. */
export function talkSecondsBetween(answeredAt: Date | undefined, endedAt: Date): number {
  if (!answeredAt) return 0;
  return Math.max(0, Math.ceil((endedAt.getTime() - answeredAt.getTime()) / 1000));
}
