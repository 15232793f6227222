/** A call record (P2): what the tenant sees per call, and what billing rates. */
export type CallOutcome = 'answered' | 'busy' | 'no_answer' | 'cancelled' | 'failed' | 'interrupted';
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
  /** The number or SIP user rung. */
  target: string;
  kind: 'pstn' | 'sip';
  startedAt: Date;
  endedAt: Date;
  result: 'answered' | 'busy' | 'no_answer' | 'failed' | 'cancelled';
  sipStatus: number | null;
}

export interface CallRecordEnd {
  answeringNumber?: string;
  answeredAt?: Date;
  endedAt: Date;
  outcome: Exclude<CallOutcome, 'interrupted'>;
  sipStatus: number;
  sipReason: string;
  endedBy: EndedBy;
  mediaStats?: Record<string, unknown>;
  recordingPath?: string;
  /** Every phone rung, in order. */
  attempts?: AttemptRecord[];
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
  outcome: CallOutcome | null;
  talkSeconds: number;
  sipStatus: number | null;
  sipReason: string | null;
  endedBy: EndedBy | null;
  mediaStats: Record<string, unknown> | null;
  recordingPath: string | null;
}

/** Talk time is whole seconds, rounded up: a carrier bills a started second. */
export function talkSecondsBetween(answeredAt: Date | undefined, endedAt: Date): number {
  if (!answeredAt) return 0;
  return Math.max(0, Math.ceil((endedAt.getTime() - answeredAt.getTime()) / 1000));
}
