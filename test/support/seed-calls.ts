/**
 * Closed call records written straight into a store, as the platform writes them (open, answered,
 * close-and-charge), for tests of what is computed from records (reports, service figures, QA).
 */
import type { Kysely } from 'kysely';
import { markCallAnswered, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeAndCharge } from '../../src/cdr/close-and-charge.ts';
import type { AttemptRecord, CallRecordEnd, EndedBy } from '../../src/cdr/call-record.ts';

export interface SeededCall {
  id: string;
  tenantId: string;
  number400?: string;
  startedAt: Date;
  /** Seconds from arrival to the first phone being rung (default 1). */
  connectSeconds?: number;
  /** Answered after this many seconds from arrival; absent: not answered. */
  answerSeconds?: number;
  talkSeconds?: number;
  /** The unanswered outcome (default no_answer), a refusal, or `answered`. */
  outcome?: CallRecordEnd['outcome'];
  endedBy?: EndedBy;
  /** Who answers (national number or SIP user; default 13800138000). */
  answering?: string;
  answeringKind?: 'pstn' | 'sip';
  recordingPath?: string;
}

const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

export async function seedCall(db: Kysely<object>, c: SeededCall): Promise<void> {
  const target = c.answering ?? '13800138000';
  const kind = c.answeringKind ?? 'pstn';
  await openCallRecord(db, { id: c.id, tenantId: c.tenantId, number400: c.number400 ?? '4006123456', sipCallId: c.id, caller: { number: '+8613912345678', kind: 'mobile' }, startedAt: c.startedAt });
  const legStart = plus(c.startedAt, c.connectSeconds ?? 1);
  if (c.outcome === 'blocked' || c.outcome === 'closed' || c.outcome === 'over_cap' || c.outcome === 'no_balance') {
    await closeAndCharge(db, c.id, { endedAt: plus(c.startedAt, 1), outcome: c.outcome, sipStatus: 403, sipReason: 'Refused', endedBy: 'platform', attempts: [] });
    return;
  }
  if (c.answerSeconds === undefined) {
    const outcome = c.outcome ?? 'no_answer';
    const end = plus(c.startedAt, 30);
    const attempt: AttemptRecord = { seq: 1, target, kind, startedAt: legStart, endedAt: end, result: outcome === 'cancelled' ? 'cancelled' : outcome === 'busy' ? 'busy' : 'no_answer', sipStatus: null };
    await closeAndCharge(db, c.id, { endedAt: end, outcome, sipStatus: outcome === 'busy' ? 486 : 480, sipReason: 'x', endedBy: c.endedBy ?? (outcome === 'cancelled' ? 'caller' : 'callee'), attempts: [attempt] });
    return;
  }
  const answeredAt = plus(c.startedAt, c.answerSeconds);
  const attempts: AttemptRecord[] = [{ seq: 1, target, kind, startedAt: legStart, endedAt: answeredAt, result: 'answered', sipStatus: 200 }];
  await markCallAnswered(db, c.id, { answeredAt, answeringNumber: target, answeringKind: kind, attempts });
  await closeAndCharge(db, c.id, {
    answeringNumber: target,
    answeredAt,
    endedAt: plus(answeredAt, c.talkSeconds ?? 60),
    outcome: c.outcome ?? 'answered',
    sipStatus: 200,
    sipReason: 'OK',
    endedBy: c.endedBy ?? 'caller',
    attempts,
    ...(c.recordingPath ? { recordingPath: c.recordingPath } : {}),
  });
}
