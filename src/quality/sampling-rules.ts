/**
 * Sampling calls for review (C19): each rule kind picks answered, recorded calls of a period that
 * have no review yet; running the tenant's enabled rules queues a review for each call picked.
 * Kinds are a registry: a new rule is one entry (its parameter check and its pick).
 *
 * - `short_calls` — every call that talked less than `maxTalkSeconds` (a hang-up at once often hides a problem);
 * - `percent_per_agent` — `percent` % of each agent's calls (rounded up), picked at random;
 * - `low_survey` — every call whose caller's survey score (C5, stored by the queue driver) is at most `maxScore`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { callRecordTables } from '../cdr/call-record-store.ts';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { queueReview } from './qa-review-store.ts';
import type { QaTables } from './qa-tables.ts';
import { QualityError } from './quality-error.ts';

export type RuleParams = Record<string, number>;

interface Candidate {
  id: string;
  answeredBy: string;
  talkSeconds: number;
  surveyScore: number | null;
}

interface RuleKind {
  /** The parameters' names and ranges. */
  params: Record<string, { min: number; max: number }>;
  pick(calls: readonly Candidate[], params: RuleParams, random: () => number): string[];
}

export const SAMPLING_RULES: Record<string, RuleKind> = {
  short_calls: {
    params: { maxTalkSeconds: { min: 1, max: 3600 } },
    pick: (calls, p) => calls.filter((c) => c.talkSeconds < p.maxTalkSeconds!).map((c) => c.id),
  },
  percent_per_agent: {
    params: { percent: { min: 1, max: 100 } },
    pick: (calls, p, random) => {
      const byAgent = new Map<string, Candidate[]>();
      for (const c of calls) byAgent.set(c.answeredBy, [...(byAgent.get(c.answeredBy) ?? []), c]);
      const picked: string[] = [];
      for (const own of byAgent.values()) {
        const n = Math.ceil((own.length * p.percent!) / 100);
        const deck = [...own];
        for (let i = 0; i < n; i++) picked.push(deck.splice(Math.floor(random() * deck.length), 1)[0]!.id);
      }
      return picked;
    },
  },
  low_survey: {
    params: { maxScore: { min: 0, max: 10 } },
    pick: (calls, p) => calls.filter((c) => c.surveyScore !== null && c.surveyScore <= p.maxScore!).map((c) => c.id),
  },
};

export interface SamplingRule {
  id: string;
  kind: string;
  params: RuleParams;
  enabled: boolean;
  createdAt: string;
}

const tables = (db: Kysely<object>) => db.withTables<QaTables>();

export function checkRule(kind: string, params: RuleParams): void {
  const k = SAMPLING_RULES[kind];
  if (!k) throw new QualityError('INVALID_RULE', `unknown rule kind ${kind}; one of ${Object.keys(SAMPLING_RULES).join(', ')}`);
  for (const [name, range] of Object.entries(k.params)) {
    const v = params[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < range.min || v > range.max) throw new QualityError('INVALID_RULE', `${kind}: ${name} must be ${range.min}-${range.max}`);
  }
  for (const name of Object.keys(params)) if (!(name in k.params)) throw new QualityError('INVALID_RULE', `${kind} takes no ${name}`);
}

export async function createRule(db: Kysely<object>, tenantId: string, kind: string, params: RuleParams, by: string, at: Date): Promise<SamplingRule> {
  checkRule(kind, params);
  const row = { id: newId(), tenant_id: tenantId, kind, params: JSON.stringify(params), enabled: 1, created_at: toDbTimestamp(at), created_by: by };
  await tables(db).insertInto('qa_sampling_rules').values(row).execute();
  return { id: row.id, kind, params, enabled: true, createdAt: row.created_at };
}

export async function listRules(db: Kysely<object>, tenantId: string): Promise<SamplingRule[]> {
  const rows = await tables(db).selectFrom('qa_sampling_rules').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, params: JSON.parse(r.params) as RuleParams, enabled: Number(r.enabled) === 1, createdAt: r.created_at }));
}

export async function deleteRule(db: Kysely<object>, tenantId: string, id: string): Promise<void> {
  const res = await tables(db).deleteFrom('qa_sampling_rules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new QualityError('NOT_FOUND', 'No such sampling rule');
}

/** The period's answered, recorded calls that have no review yet. */
async function candidates(db: Kysely<object>, tenantId: string, from: Date, to: Date): Promise<Candidate[]> {
  const rows = await callRecordTables(db)
    .selectFrom('call_records as r')
    .select(['r.id', 'r.answering_number', 'r.agent_user_id', 'r.talk_seconds', 'r.survey_score'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.started_at', '>=', toDbTimestamp(from))
    .where('r.started_at', '<', toDbTimestamp(to))
    .where('r.answered_at', 'is not', null)
    .where('r.recording_path', 'is not', null)
    .where(sql<boolean>`not exists (select 1 from qa_reviews q where q.call_id = r.id)`)
    .orderBy('r.started_at')
    .execute();
  return rows.map((r) => ({ id: r.id, answeredBy: r.agent_user_id ?? r.answering_number ?? '', talkSeconds: Number(r.talk_seconds), surveyScore: r.survey_score === null ? null : Number(r.survey_score) }));
}

/** Runs the tenant's enabled rules over a period; returns how many calls each rule queued. */
export async function runSampling(db: Kysely<object>, tenantId: string, from: Date, to: Date, at: Date, random: () => number = Math.random): Promise<Array<{ ruleId: string; kind: string; queued: number }>> {
  const calls = await candidates(db, tenantId, from, to);
  const out: Array<{ ruleId: string; kind: string; queued: number }> = [];
  for (const rule of (await listRules(db, tenantId)).filter((r) => r.enabled)) {
    const kind = SAMPLING_RULES[rule.kind];
    if (!kind) continue;
    let queued = 0;
    for (const callId of kind.pick(calls, rule.params, random)) if (await queueReview(db, tenantId, callId, rule.kind, at, { ifAbsent: true })) queued++;
    out.push({ ruleId: rule.id, kind: rule.kind, queued });
  }
  return out;
}
