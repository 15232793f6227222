/**
 * Reviews of calls (C19), one per call: queued (`pending`) by a reviewer or a sampling rule, scored
 * against a form (`scored`), accepted by the agent or closed by a reviewer (`closed`), or disputed by
 * the agent (`disputed`) until a reviewer resolves it — re-scoring or not — which closes it. Every
 * function takes the tenant; an agent reaches only reviews of their own calls (the caller passes
 * `agentUserId`). A review that is not closed keeps its call's recording from the retention job.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { answeredCall } from './call-agent.ts';
import { getForm } from './qa-form-store.ts';
import type { QaTables } from './qa-tables.ts';
import { QualityError } from './quality-error.ts';
import { scoreAnswers } from './scoring-form.ts';
import type { Answer, ScoredItem } from './scoring-form.ts';

export const REVIEW_STATUSES = ['pending', 'scored', 'disputed', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface QaReview {
  id: string;
  callId: string;
  agentUserId: string | null;
  answeredBy: string | null;
  queue: string;
  callStartedAt: string;
  status: ReviewStatus;
  source: string;
  formId: string | null;
  items: ScoredItem[] | null;
  score: number | null;
  fatal: boolean;
  comment: string | null;
  reviewerName: string | null;
  scoredAt: string | null;
  disputeReason: string | null;
  disputedAt: string | null;
  resolution: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface Reviewer {
  id: string;
  name: string;
}

type Row = QaTables['qa_reviews'];
const tables = (db: Kysely<object>) => db.withTables<QaTables>();

function toReview(r: Row): QaReview {
  return {
    id: r.id,
    callId: r.call_id,
    agentUserId: r.agent_user_id,
    answeredBy: r.answered_by,
    queue: r.queue,
    callStartedAt: r.call_started_at,
    status: r.status as ReviewStatus,
    source: r.source,
    formId: r.form_id,
    items: r.answers === null ? null : (JSON.parse(r.answers) as ScoredItem[]),
    score: r.score === null ? null : Number(r.score),
    fatal: Number(r.fatal) === 1,
    comment: r.comment,
    reviewerName: r.reviewer_name,
    scoredAt: r.scored_at,
    disputeReason: r.dispute_reason,
    disputedAt: r.disputed_at,
    resolution: r.resolution,
    closedAt: r.closed_at,
    createdAt: r.created_at,
  };
}

/**
 * Queues an answered, recorded call for review. `ifAbsent`: a call already under review is
 * skipped (sampling) rather than refused (a reviewer's request, 409). Returns the review, or
 * undefined when skipped.
 */
export async function queueReview(db: Kysely<object>, tenantId: string, callId: string, source: string, at: Date, opts: { ifAbsent?: boolean; samplingRuleId?: string } = {}): Promise<QaReview | undefined> {
  const call = await answeredCall(db, tenantId, callId);
  if (!call) throw new QualityError('NOT_FOUND', 'No answered call with this id');
  if (!call.recordingPath) throw new QualityError('NO_RECORDING', 'This call has no recording to review');
  const existing = await tables(db).selectFrom('qa_reviews').select('id').where('tenant_id', '=', tenantId).where('call_id', '=', callId).executeTakeFirst();
  if (existing) {
    if (opts.ifAbsent) return undefined;
    throw new QualityError('ALREADY_UNDER_REVIEW', 'This call already has a review', { reviewId: existing.id });
  }
  const now = toDbTimestamp(at);
  const row: Row = {
    id: newId(),
    tenant_id: tenantId,
    call_id: callId,
    agent_user_id: call.agentUserId,
    answered_by: call.answeredBy,
    queue: call.queue,
    call_started_at: call.startedAt,
    status: 'pending',
    source,
    sampling_rule_id: opts.samplingRuleId ?? null,
    form_id: null,
    answers: null,
    score: null,
    fatal: 0,
    comment: null,
    reviewer_id: null,
    reviewer_name: null,
    scored_at: null,
    dispute_reason: null,
    disputed_at: null,
    resolution: null,
    resolved_by: null,
    closed_at: null,
    created_at: now,
    updated_at: now,
  };
  await tables(db).insertInto('qa_reviews').values(row).execute();
  return toReview(row);
}

export interface ReviewFilter {
  status?: ReviewStatus;
  /** Only this agent's reviews (always set for an agent). */
  agentUserId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Newest calls first. */
export async function listReviews(db: Kysely<object>, tenantId: string, f: ReviewFilter): Promise<QaReview[]> {
  let q = tables(db).selectFrom('qa_reviews').selectAll().where('tenant_id', '=', tenantId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.agentUserId !== undefined) q = q.where('agent_user_id', '=', f.agentUserId);
  if (f.from) q = q.where('call_started_at', '>=', toDbTimestamp(f.from));
  if (f.to) q = q.where('call_started_at', '<', toDbTimestamp(f.to));
  const rows = await q.orderBy('call_started_at', 'desc').orderBy('id').limit(f.limit).execute();
  return rows.map(toReview);
}

/** One review; with `agentUserId`, only when it is that agent's (else NOT_FOUND, as for another tenant's). */
export async function getReview(db: Kysely<object>, tenantId: string, id: string, agentUserId?: string): Promise<QaReview> {
  let q = tables(db).selectFrom('qa_reviews').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (agentUserId !== undefined) q = q.where('agent_user_id', '=', agentUserId);
  const r = await q.executeTakeFirst();
  if (!r) throw new QualityError('NOT_FOUND', 'No such review');
  return toReview(r);
}

/** Moves a review from one of `from` to its next state; BAD_STATE when it is elsewhere (a concurrent change included). */
async function transition(db: Kysely<object>, tenantId: string, id: string, from: readonly ReviewStatus[], set: Partial<Row>, agentUserId?: string): Promise<QaReview> {
  const current = await getReview(db, tenantId, id, agentUserId);
  if (!from.includes(current.status)) throw new QualityError('BAD_STATE', `The review is ${current.status}; this needs it ${from.join(' or ')}`, { status: current.status });
  const res = await tables(db).updateTable('qa_reviews').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', current.status).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new QualityError('BAD_STATE', 'The review changed meanwhile; reload it');
  return getReview(db, tenantId, id);
}

async function scored(db: Kysely<object>, tenantId: string, formId: string, answers: readonly Answer[]) {
  const form = await getForm(db, tenantId, formId);
  if (!form) throw new QualityError('NOT_FOUND', 'No such scoring form');
  return scoreAnswers(form.items, answers);
}

/** A reviewer scores (or re-scores, before any dispute) a review against a form. */
export async function scoreReview(db: Kysely<object>, tenantId: string, id: string, input: { formId: string; answers: Answer[]; comment?: string }, by: Reviewer, at: Date): Promise<QaReview> {
  const result = await scored(db, tenantId, input.formId, input.answers);
  const now = toDbTimestamp(at);
  return transition(db, tenantId, id, ['pending', 'scored'], {
    status: 'scored',
    form_id: input.formId,
    answers: JSON.stringify(result.items),
    score: result.score,
    fatal: result.fatal ? 1 : 0,
    comment: input.comment?.trim() || null,
    reviewer_id: by.id,
    reviewer_name: by.name,
    scored_at: now,
    updated_at: now,
  });
}

/** The agent disputes their score, saying why. */
export async function disputeReview(db: Kysely<object>, tenantId: string, id: string, agentUserId: string, reason: string, at: Date): Promise<QaReview> {
  if (!reason.trim()) throw new QualityError('INVALID_SCORE', 'Say why you dispute the score');
  const now = toDbTimestamp(at);
  return transition(db, tenantId, id, ['scored'], { status: 'disputed', dispute_reason: reason.trim(), disputed_at: now, updated_at: now }, agentUserId);
}

/** The agent accepts their score: the review closes. */
export async function acceptReview(db: Kysely<object>, tenantId: string, id: string, agentUserId: string, at: Date): Promise<QaReview> {
  const now = toDbTimestamp(at);
  return transition(db, tenantId, id, ['scored'], { status: 'closed', closed_at: now, updated_at: now }, agentUserId);
}

/** A reviewer resolves a dispute — with new answers when the score changes — and closes the review. */
export async function resolveDispute(db: Kysely<object>, tenantId: string, id: string, input: { resolution: string; answers?: Answer[] }, by: Reviewer, at: Date): Promise<QaReview> {
  if (!input.resolution.trim()) throw new QualityError('INVALID_SCORE', 'A resolution says what was decided');
  const now = toDbTimestamp(at);
  const set: Partial<Row> = { status: 'closed', resolution: input.resolution.trim(), resolved_by: by.id, closed_at: now, updated_at: now };
  if (input.answers) {
    const current = await getReview(db, tenantId, id);
    if (!current.formId) throw new QualityError('BAD_STATE', 'The review was never scored');
    const result = await scored(db, tenantId, current.formId, input.answers);
    Object.assign(set, { answers: JSON.stringify(result.items), score: result.score, fatal: result.fatal ? 1 : 0, reviewer_id: by.id, reviewer_name: by.name, scored_at: now });
  }
  return transition(db, tenantId, id, ['disputed'], set);
}

/** A reviewer closes a scored review the agent did not answer (or drops a pending one). */
export async function closeReview(db: Kysely<object>, tenantId: string, id: string, at: Date): Promise<QaReview> {
  const now = toDbTimestamp(at);
  return transition(db, tenantId, id, ['pending', 'scored'], { status: 'closed', closed_at: now, updated_at: now });
}
